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
        @DefaultValue("30s") Duration refreshInterval) {}
