package dev.ccag.gateway.pool;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A model an endpoint serves, with its inference-profile prefix there.
 *
 * @param model  a catalog id or alias ({@code claude-sonnet-4-5-20250929}), or a pattern ending in
 *               {@code *} ({@code claude-sonnet-*}), matched like key grants
 * @param prefix {@code us}, {@code eu}, {@code global}, ..., {@code none} for the base model id, or
 *               null for the endpoint's default (its {@code profile_prefix}, else derived from the region)
 */
public record ModelEntry(String model, @Nullable String prefix) {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,199}\\*?|\\*");
    static final Pattern PREFIX = Pattern.compile("[a-z]{2,10}(-[a-z]{2,5})?");

    public ModelEntry {
        model = model == null ? null : model.trim();
        prefix = prefix == null || prefix.isBlank() ? null : prefix.trim();
    }

    void validate(String key) {
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException(key + ".model: must be a model id or a pattern ending in * (letters, digits and ._:[]-)");
        }
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(key + ".prefix: must be an inference-profile prefix such as us, eu, apac, global, or none");
        }
    }

    /** True when this entry covers the model: exact id, or a {@code *} pattern's prefix. */
    boolean matches(String id) {
        if (id == null) return false;
        if (model.endsWith("*")) {
            return id.regionMatches(true, 0, model, 0, model.length() - 1);
        }
        return model.equalsIgnoreCase(id);
    }
}
