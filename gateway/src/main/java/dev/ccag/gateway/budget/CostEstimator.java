package dev.ccag.gateway.budget;

import dev.ccag.gateway.bedrock.ResolvedModel;
import dev.ccag.gateway.pricing.AppliedPrice;
import dev.ccag.gateway.pricing.CostCalculator;
import dev.ccag.gateway.pricing.PriceBook;
import org.jspecify.annotations.Nullable;

/**
 * The most a request can cost before it runs, reserved against its budgets: its input (estimated
 * from the body's size, priced as uncached input, the dearest kind) plus {@code max_tokens} of output.
 */
public final class CostEstimator {
    private final PriceBook prices;

    public CostEstimator(PriceBook prices) {
        this.prices = prices;
    }

    public long micros(@Nullable ResolvedModel model, String requestedModel, long inputTokens, long outputTokens) {
        AppliedPrice price = model == null
                ? prices.priceFor(requestedModel, null, null)
                : prices.priceFor(model.anthropicId(), model.spec() == null ? null : model.spec().generation(), model.bedrockModelId());
        return CostCalculator.costMicros(price, inputTokens, outputTokens, 0, 0, 0, 0);
    }
}
