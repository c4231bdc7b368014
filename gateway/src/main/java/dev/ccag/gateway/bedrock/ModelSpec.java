package dev.ccag.gateway.bedrock;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One model the gateway serves.
 *
 * @param id              the Anthropic id clients send (and GET /v1/models lists)
 * @param bedrockId       the Bedrock base model id, without an inference-profile prefix
 * @param createdAt       RFC 3339; null for models known only by rule
 * @param generation      "3.5", "3.7", "4", "4.5", "4.6", "4.7", or "next" for ids mapped by rule
 * @param profilePrefixes system inference-profile prefixes Bedrock offers for it (empty: base id only)
 */
public record ModelSpec(String id, String bedrockId, String displayName, @Nullable String createdAt,
                        List<String> aliases, String generation, List<String> profilePrefixes,
                        ModelFeatures features) {

    public ModelSpec {
        aliases = List.copyOf(aliases);
        profilePrefixes = List.copyOf(profilePrefixes);
    }
}
