package dev.ccag.gateway.pool;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import java.util.ArrayList;
import java.util.List;

/** The endpoints one request may use, best first: the first serves it, the others are for failover. */
public record RoutePlan(List<Candidate> candidates) {
    public RoutePlan {
        if (candidates.isEmpty()) throw new IllegalArgumentException("a route plan needs a candidate");
        candidates = List.copyOf(candidates);
    }

    public Candidate first() {
        return candidates.getFirst();
    }

    /**
     * The order for the next Bedrock call of this request: the endpoint it is on now first (a tool loop
     * that failed over stays where it landed), then the others in plan order.
     */
    public List<Candidate> startingAt(BedrockEndpoint current) {
        if (current == null || candidates.getFirst().endpoint().bedrock() == current) return candidates;
        List<Candidate> order = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.endpoint().bedrock() == current) order.add(c);
        }
        for (Candidate c : candidates) {
            if (c.endpoint().bedrock() != current) order.add(c);
        }
        return order;
    }
}
