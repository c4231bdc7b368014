package dev.ccag.gateway.bedrock;

/**
 * What Bedrock accepts for one model, as data so a new model generation is a YAML change.
 *
 * @param cacheTtl             keep {@code cache_control.ttl}; older models reject it
 * @param outputConfig         forward the top-level {@code output_config}
 * @param noSamplingParams     the model rejects {@code temperature}, {@code top_p} and {@code top_k} (Opus 4.7)
 * @param temperatureXorTopP   the model accepts {@code temperature} or {@code top_p}, not both (Sonnet/Haiku 4.5)
 * @param contextOneMillion    the {@code context-1m-2025-08-07} beta may be forwarded
 * @param betaGroup            name of the allowlist group in {@code bedrock-betas.yaml}
 */
public record ModelFeatures(boolean cacheTtl, boolean outputConfig, boolean noSamplingParams,
                            boolean temperatureXorTopP, boolean contextOneMillion, String betaGroup) {}
