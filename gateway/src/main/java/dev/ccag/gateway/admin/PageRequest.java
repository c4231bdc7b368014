package dev.ccag.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code ?limit=} (1..1000, default 100) and {@code ?cursor=}: an opaque base64url token holding the
 * sort key of the last row already shown ({@link #after()}, null on the first page).
 */
public record PageRequest(int limit, String after) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static PageRequest of(Integer limit, String cursor) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit: must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(l, cursor == null || cursor.isBlank() ? null : decode(cursor));
    }

    /** Rows to fetch: one more than shown, to learn whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + sortKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("v1:")) {
                return s.substring(3);
            }
        } catch (IllegalArgumentException e) {
            // fall through: not ours
        }
        throw ApiProblem.badRequest("cursor: not a cursor returned by this API");
    }
}
