package dev.ccag.gateway.observe;

import dev.ccag.gateway.bedrock.LearnedRejections;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/bedrockadaptations}: the betas and fields Bedrock refused lately and that the
 * gateway therefore leaves out, per endpoint and model, with when each entry expires. Operators see
 * here why a request differs from what the client sent, and when a Bedrock change will be retried.
 */
@Component
@Endpoint(id = "bedrockadaptations")
public class BedrockAdaptationsEndpoint {
    private final LearnedRejections learned;

    public BedrockAdaptationsEndpoint(LearnedRejections learned) {
        this.learned = learned;
    }

    @ReadOperation
    public List<LearnedRejections.Entry> adaptations() {
        return learned.snapshot();
    }
}
