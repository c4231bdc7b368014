package dev.ccag.gateway.proxy;

import java.util.List;

/** Runs the steps in order; the last one answers the client. */
public final class ProxyPipeline {
    private final List<ProxyStep> steps;

    public ProxyPipeline(List<ProxyStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public void run(ProxyExchange exchange) throws Exception {
        new Position(0).proceed(exchange);
    }

    private final class Position implements ProxyStep.Chain {
        private final int index;

        Position(int index) {
            this.index = index;
        }

        @Override
        public void proceed(ProxyExchange exchange) throws Exception {
            if (index < steps.size()) {
                steps.get(index).handle(exchange, new Position(index + 1));
            }
        }
    }
}
