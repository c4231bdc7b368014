package dev.ccag.gateway.bedrock;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What model mapping needs to know about one Bedrock endpoint.
 *
 * @param defaultPrefix inference-profile prefix for every model: null derives it from the region,
 *                      {@value #NO_PREFIX} sends base model ids
 * @param modelPrefixes per Anthropic model id, a prefix (or {@value #NO_PREFIX}) that wins over the default
 */
public record EndpointProfile(String name, String region, @Nullable String defaultPrefix, Map<String, String> modelPrefixes) {
    public static final String NO_PREFIX = "none";

    public EndpointProfile {
        modelPrefixes = modelPrefixes == null ? Map.of() : Map.copyOf(modelPrefixes);
    }
}
