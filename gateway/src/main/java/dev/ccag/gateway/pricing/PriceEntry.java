package dev.ccag.gateway.pricing;

/**
 * A price for the models matching {@code model} (an exact id, or a prefix pattern ending in {@code *})
 * on one inference-profile prefix ({@code *} for any).
 */
public record PriceEntry(String model, String profilePrefix, Price price) {
    public static final String ANY_PREFIX = "*";

    public PriceEntry {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
        if (model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
            throw new IllegalArgumentException("model pattern may only end in *: " + model);
        }
        profilePrefix = profilePrefix == null || profilePrefix.isBlank() ? ANY_PREFIX : profilePrefix;
    }

    boolean isPattern() {
        return model.endsWith("*");
    }

    /** How well this entry matches a model id: -1 no match, higher is more specific. */
    int specificity(String modelId) {
        if (isPattern()) {
            String stem = model.substring(0, model.length() - 1);
            return modelId.startsWith(stem) ? stem.length() : -1;
        }
        return model.equals(modelId) ? Integer.MAX_VALUE : -1;
    }
}
