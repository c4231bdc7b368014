package dev.ccag.gateway.bedrock;

import java.util.List;

/**
 * A translated request, ready to send.
 *
 * @param body           the Bedrock request body (InvokeModel JSON, or the CountTokens envelope)
 * @param forwardedBetas betas written into {@code anthropic_beta}
 * @param droppedBetas   requested betas left out, as the client named them
 * @param removedFields  body paths removed ({@code *} for any array index), for logs and the learned-rejection retry
 */
public record BedrockRequest(byte[] body, List<String> forwardedBetas, List<String> droppedBetas, List<String> removedFields) {}
