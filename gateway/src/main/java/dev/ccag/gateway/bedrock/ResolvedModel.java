package dev.ccag.gateway.bedrock;

/**
 * The outcome of model mapping for one request on one endpoint.
 *
 * @param requested          what the client sent, verbatim
 * @param anthropicId        the catalog id (or the requested id when known only by rule)
 * @param bedrockModelId     what goes into the Bedrock path: profile id, base id or ARN
 * @param contextOneMillion  the client asked for the 1M context window with a {@code [1m]} suffix
 */
public record ResolvedModel(String requested, String anthropicId, String bedrockModelId, ModelSpec spec,
                            boolean contextOneMillion) {}
