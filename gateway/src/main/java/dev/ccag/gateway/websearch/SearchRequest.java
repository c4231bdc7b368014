package dev.ccag.gateway.websearch;

import java.util.List;

/**
 * What a provider is asked. Domain lists are already normalised (lower-case host names); the
 * provider may use them to narrow its search, and results are filtered again afterwards.
 */
public record SearchRequest(String query, int maxResults, List<String> allowedDomains, List<String> blockedDomains,
        UserLocation location) {

    public SearchRequest {
        allowedDomains = List.copyOf(allowedDomains);
        blockedDomains = List.copyOf(blockedDomains);
    }

    /** The query with {@code site:} operators, for engines that have no domain parameters. */
    String queryWithSiteOperators() {
        StringBuilder q = new StringBuilder(query);
        if (!allowedDomains.isEmpty()) {
            q.append(' ');
            for (int i = 0; i < allowedDomains.size(); i++) {
                if (i > 0) q.append(" OR ");
                q.append("site:").append(allowedDomains.get(i));
            }
        }
        for (String d : blockedDomains) q.append(" -site:").append(d);
        return q.toString();
    }
}
