package dev.ccag.gateway.pricing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current price table. Pricing a request is a lookup in memory (it runs on the request
 * thread); operator overrides from the database are reloaded in the background by
 * {@link #refresh()}, so a change made on one replica reaches the others within the refresh interval.
 */
public final class PriceBook {
    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);

    private final PriceFile shipped;
    private final PriceFile operator;
    private final PriceRepository repository;
    private final Counter unpriced;
    private final AtomicReference<PriceTable> table = new AtomicReference<>();

    /**
     * @param operator   the operator's file, or null
     * @param repository database overrides, or null for none
     */
    public PriceBook(PriceFile shipped, PriceFile operator, PriceRepository repository, MeterRegistry registry) {
        this.shipped = shipped;
        this.operator = operator;
        this.repository = repository;
        this.unpriced = Counter.builder("ccag.usage.unpriced")
                .description("Requests for a model without a price, charged the fallback price")
                .register(registry);
        table.set(build(List.of()));
    }

    public PriceTable table() {
        return table.get();
    }

    public AppliedPrice priceFor(String modelId, String generation, String bedrockModel) {
        AppliedPrice price = table.get().priceFor(modelId, generation, bedrockModel);
        if (price.unpriced() && modelId != null) {
            unpriced.increment();
        }
        return price;
    }

    /** Reloads database overrides; on failure the previous table stays (logged). */
    public void refresh() {
        if (repository == null) return;
        try {
            table.set(build(repository.all()));
        } catch (RuntimeException e) {
            log.warn("could not reload price overrides from the database, keeping the previous ones: {}", e.toString());
        }
    }

    private PriceTable build(List<PriceEntry> dbEntries) {
        List<PriceTable.Layer> layers = new ArrayList<>();
        if (!dbEntries.isEmpty()) layers.add(new PriceTable.Layer("db", dbEntries));
        if (operator != null && !operator.entries().isEmpty()) layers.add(new PriceTable.Layer("file", operator.entries()));
        layers.add(new PriceTable.Layer("list", shipped.entries()));
        Uplift uplift = operator != null && operator.uplift() != null ? operator.uplift()
                : shipped.uplift() != null ? shipped.uplift() : Uplift.NONE;
        String fallback = operator != null && operator.fallbackModel() != null ? operator.fallbackModel() : shipped.fallbackModel();
        return new PriceTable(layers, uplift, fallback);
    }
}
