package dev.ccag.gateway.bedrock;

import java.util.List;

/**
 * @param forwarded betas written to the Bedrock body (after rewrites), in request order
 * @param dropped   requested betas left out, as the client named them (for the dropped-beta metric)
 */
public record BetaDecision(List<String> forwarded, List<String> dropped) {
    public static final BetaDecision NONE = new BetaDecision(List.of(), List.of());
}
