package dev.ccag.emulator;

import java.util.Set;

/**
 * What the emulator accepts for one model.
 *
 * @param anthropicId   reported as {@code model} in responses
 * @param bedrockId     the base model id ({@code anthropic.…}); null for ids recognised by rule
 * @param generation    e.g. {@code 4.5}, or {@code newest}
 * @param thinkingTypes accepted {@code thinking.type} values besides {@code disabled}
 */
record ModelSpec(String anthropicId, String bedrockId, String generation, Set<String> betas, boolean cacheTtl,
                 boolean outputConfig, SamplingRule sampling, Set<String> thinkingTypes) {

    ModelSpec withAnthropicId(String id) {
        return new ModelSpec(id, null, generation, betas, cacheTtl, outputConfig, sampling, thinkingTypes);
    }
}
