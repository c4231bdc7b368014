package dev.ccag.gateway.pricing;

import java.util.Map;

/**
 * Bedrock's regional surcharge: a percentage added for geographic and in-region inference
 * profiles of newer models ({@code global.} is the list price).
 *
 * @param minGeneration   the first model generation it applies to ("4.5"); null = every model
 * @param percentByPrefix profile prefix ("us", "eu", ..., "none" for a base model id) -> percent
 */
public record Uplift(String minGeneration, Map<String, Integer> percentByPrefix) {
    public static final Uplift NONE = new Uplift(null, Map.of());

    public Uplift {
        percentByPrefix = Map.copyOf(percentByPrefix);
        percentByPrefix.forEach((prefix, percent) -> {
            if (percent < 0 || percent > 1000) throw new IllegalArgumentException("uplift for " + prefix + " must be 0..1000 percent");
        });
    }

    /** The percent to add for this prefix and model generation (a null generation counts as newest). */
    int percentFor(String profilePrefix, String generation) {
        Integer percent = percentByPrefix.get(profilePrefix);
        if (percent == null || percent == 0) return 0;
        if (minGeneration == null || generation == null) return percent;
        return compareGenerations(generation, minGeneration) >= 0 ? percent : 0;
    }

    /** Compares "3.5", "4", "4.10", "next" numerically, part by part; "next" is newer than anything. */
    static int compareGenerations(String a, String b) {
        if (a.equals(b)) return 0;
        boolean aNumeric = a.matches("\\d+(\\.\\d+)*");
        boolean bNumeric = b.matches("\\d+(\\.\\d+)*");
        if (!aNumeric || !bNumeric) return aNumeric ? -1 : bNumeric ? 1 : 0;
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            int x = i < pa.length ? Integer.parseInt(pa[i]) : 0;
            int y = i < pb.length ? Integer.parseInt(pb[i]) : 0;
            if (x != y) return Integer.compare(x, y);
        }
        return 0;
    }
}
