package dev.ccag.gateway.pricing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ccag.pricing.*}: where prices come from beyond the shipped list. */
@ConfigurationProperties(prefix = "ccag.pricing")
public record PricingProperties(
        /** Operator price file in the shape of ccag/prices.yaml; its entries, uplift and fallback win over the list. */
        String file,
        /** How often database overrides (PUT /admin/v1/prices/...) are reloaded on every replica. */
        @DefaultValue("30s") Duration refreshInterval,
        /**
         * Micro-dollars per web search for every model whose price entry sets none of its own (default: the
         * list's 10000, i.e. $10 per 1,000 searches). What the configured search provider costs the company.
         */
        Long webSearch) {

    public PricingProperties {
        if (webSearch != null && webSearch < 0) {
            throw new IllegalArgumentException("ccag.pricing.web-search must be a non-negative integer (micro-dollars), was " + webSearch);
        }
    }
}
