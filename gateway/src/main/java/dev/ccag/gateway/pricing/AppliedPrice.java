package dev.ccag.gateway.pricing;

/**
 * The price charged for one request, as stored with its ledger record.
 *
 * @param source        where the price came from: list (shipped prices.yaml), file (operator file), db
 *                      (the prices table), fallback (no entry matched: the model is unknown)
 * @param entry         the model id or pattern of the entry used
 * @param profilePrefix the request's inference-profile prefix (global, us, ..., none for a base id)
 * @param upliftPercent the regional surcharge applied on top of {@code price}
 */
public record AppliedPrice(String source, String entry, String profilePrefix, Price price, int upliftPercent) {

    public boolean unpriced() {
        return "fallback".equals(source);
    }

    /** Compact JSON for {@code usage_records.price_json}; written by hand, it is on the request path. */
    public String toJson() {
        return "{\"source\":\"" + source + "\",\"entry\":\"" + escape(entry) + "\",\"prefix\":\"" + escape(profilePrefix)
                + "\",\"input\":" + price.input() + ",\"output\":" + price.output()
                + ",\"cache_write_5m\":" + price.cacheWrite5m() + ",\"cache_write_1h\":" + price.cacheWrite1h()
                + ",\"cache_read\":" + price.cacheRead() + ",\"web_search\":" + price.webSearch()
                + ",\"uplift_percent\":" + upliftPercent + "}";
    }

    private static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) b.append(c);
        }
        return b.toString();
    }
}
