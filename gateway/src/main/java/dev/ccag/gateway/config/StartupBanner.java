package dev.ccag.gateway.config;

import dev.ccag.gateway.bedrock.BedrockEndpoints;
import dev.ccag.gateway.keys.BootstrapKey;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tells the operator where the gateway listens and how to point Claude Code at it. A generated
 * bootstrap key is shown here, once, on the console (never through the logger). Shown once the
 * application is ready, when {@code local.server.port} names the port clients use (the front end's,
 * or Tomcat's when the front end is off).
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {
    private final BootstrapKey bootstrapKey;
    private final BedrockEndpoints endpoints;
    private final CcagProperties props;

    StartupBanner(BootstrapKey bootstrapKey, BedrockEndpoints endpoints, CcagProperties props) {
        this.bootstrapKey = bootstrapKey;
        this.endpoints = endpoints;
        this.props = props;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Integer port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class);
        if (event.getApplicationContext().getParent() != null || port == null || port <= 0) {
            return;
        }
        String url = "http://127.0.0.1:" + port;
        StringBuilder b = new StringBuilder("\n");
        b.append("==================================================================\n");
        b.append(" CCAG - Claude Code API Gateway is running").append(props.demo().enabled() ? " (DEMO: Bedrock emulator, not AWS)" : "").append('\n');
        b.append("   Anthropic API:  ").append(url).append("/v1/messages\n");
        b.append("   Admin API:      ").append(url).append("/admin/v1  (the bootstrap key is the first admin's key)\n");
        b.append("   Metrics:        ").append(url).append("/actuator/prometheus\n");
        endpoints.all().forEach(e -> b.append("   Bedrock:        ").append(e.name()).append(" -> ").append(e.baseUri()).append(" (").append(e.region()).append(")\n"));
        b.append("\n Point Claude Code at it:\n");
        b.append("   export ANTHROPIC_BASE_URL=").append(url).append('\n');
        if (bootstrapKey.plaintextToShow() != null && props.demo().enabled()) {
            b.append("   export ANTHROPIC_API_KEY=").append(bootstrapKey.plaintextToShow()).append("   # demo key\n");
        } else if (bootstrapKey.plaintextToShow() != null) {
            b.append("   export ANTHROPIC_API_KEY=").append(bootstrapKey.plaintextToShow()).append('\n');
            b.append("   (this generated key is shown only now; only its hash is kept in ").append(props.dataDir()).append(")\n");
        } else {
            b.append("   export ANTHROPIC_API_KEY=<your CCAG key> (bootstrap key ").append(bootstrapKey.display()).append(")\n");
        }
        b.append("   claude\n");
        b.append("==================================================================\n");
        System.out.println(b);
    }
}
