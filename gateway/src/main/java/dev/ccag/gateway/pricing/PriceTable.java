package dev.ccag.gateway.pricing;

import java.util.Comparator;
import java.util.List;

/**
 * Every price the gateway knows, in layers: operator overrides from the database first, then the
 * operator's file, then the shipped list prices. The first layer with a matching entry decides.
 * Immutable; {@link PriceBook} swaps in a new table when overrides change.
 */
public final class PriceTable {
    /** Entries of one source; {@code source} is stored with each record (db, file, list). */
    public record Layer(String source, List<PriceEntry> entries) {
        public Layer {
            entries = List.copyOf(entries);
        }
    }

    /** Distinct (model, generation, Bedrock id) triples remembered; a deployment sees a few dozen. */
    private static final int MEMO_LIMIT = 4096;

    private final List<Layer> layers;
    private final Uplift uplift;
    private final PriceEntry fallback;
    /** Answers already worked out: the table is immutable, and every request asks twice (admission, ledger). */
    private final java.util.concurrent.ConcurrentHashMap<Query, AppliedPrice> memo = new java.util.concurrent.ConcurrentHashMap<>();

    private record Query(String modelId, String generation, String bedrockModel) {}

    /**
     * @param layers        highest priority first
     * @param fallbackModel the model whose price unknown models pay; null = the most expensive entry
     */
    public PriceTable(List<Layer> layers, Uplift uplift, String fallbackModel) {
        this.layers = List.copyOf(layers);
        this.uplift = uplift;
        this.fallback = fallbackModel != null ? requireEntry(fallbackModel) : mostExpensive();
    }

    public List<Layer> layers() { return layers; }
    public Uplift uplift() { return uplift; }
    public PriceEntry fallback() { return fallback; }

    /**
     * The price for a request.
     *
     * @param modelId       the catalog (Anthropic) id; null when the request never resolved a model
     * @param generation    the model's generation ("4.5"), for the uplift rule; null if unknown
     * @param bedrockModel  the id sent to Bedrock, whose prefix selects regional prices
     */
    public AppliedPrice priceFor(String modelId, String generation, String bedrockModel) {
        Query query = new Query(modelId, generation, bedrockModel);
        AppliedPrice known = memo.get(query);
        if (known != null) return known;
        AppliedPrice price = lookUp(modelId, generation, bedrockModel);
        if (memo.size() < MEMO_LIMIT) memo.put(query, price);
        return price;
    }

    private AppliedPrice lookUp(String modelId, String generation, String bedrockModel) {
        String prefix = profilePrefixOf(bedrockModel);
        if (modelId != null) {
            for (Layer layer : layers) {
                PriceEntry entry = best(layer.entries(), modelId, prefix);
                if (entry != null) {
                    int percent = PriceEntry.ANY_PREFIX.equals(entry.profilePrefix()) ? uplift.percentFor(prefix, generation) : 0;
                    return new AppliedPrice(layer.source(), entry.model(), prefix, entry.price(), percent);
                }
            }
        }
        // Never free: an unknown model pays the fallback, with the uplift of the newest generation.
        return new AppliedPrice("fallback", fallback.model(), prefix, fallback.price(), uplift.percentFor(prefix, null));
    }

    /** "global", "us", ... for a system inference-profile id; "arn" for an ARN; "none" for a base model id. */
    public static String profilePrefixOf(String bedrockModel) {
        if (bedrockModel == null) return "none";
        if (bedrockModel.startsWith("arn:")) return "arn";
        int dot = bedrockModel.indexOf('.');
        if (dot > 0 && bedrockModel.startsWith("anthropic.", dot + 1)) return bedrockModel.substring(0, dot);
        return "none";
    }

    private static PriceEntry best(List<PriceEntry> entries, String modelId, String prefix) {
        PriceEntry bestExact = null;
        PriceEntry bestAny = null;
        for (PriceEntry e : entries) {
            int s = e.specificity(modelId);
            if (s < 0) continue;
            if (e.profilePrefix().equals(prefix)) {
                if (bestExact == null || s > bestExact.specificity(modelId)) bestExact = e;
            } else if (PriceEntry.ANY_PREFIX.equals(e.profilePrefix())) {
                if (bestAny == null || s > bestAny.specificity(modelId)) bestAny = e;
            }
        }
        return bestExact != null ? bestExact : bestAny;
    }

    private PriceEntry requireEntry(String model) {
        for (Layer layer : layers) {
            PriceEntry e = best(layer.entries(), model, PriceEntry.ANY_PREFIX);
            if (e != null) return new PriceEntry(model, PriceEntry.ANY_PREFIX, e.price());
        }
        throw new IllegalArgumentException("fallback_model " + model + " has no price");
    }

    private PriceEntry mostExpensive() {
        return layers.stream().flatMap(l -> l.entries().stream())
                .max(Comparator.comparingLong((PriceEntry e) -> e.price().weight()))
                .orElseThrow(() -> new IllegalArgumentException("the price table is empty"));
    }
}
