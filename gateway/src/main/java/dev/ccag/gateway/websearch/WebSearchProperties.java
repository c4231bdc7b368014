package dev.ccag.gateway.websearch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ccag.websearch.*}: how the gateway runs Anthropic's {@code web_search} server tool on
 * Bedrock. Checked at start-up; a bad value stops the gateway with a message naming the key.
 */
@ConfigurationProperties(prefix = "ccag.websearch")
public record WebSearchProperties(
        /** duckduckgo (no key, the default) | tavily | serper | custom | none (every search answers "unavailable"). */
        @DefaultValue("duckduckgo") String provider,
        /** The provider's key; give it through the environment (CCAG_WEBSEARCH_API_KEY), never in a file. */
        String apiKey,
        /** Overrides the provider's URL (required for custom; tests point it at a loopback double). */
        String baseUrl,
        /** Longest wait for one search, connection and body included; then the search is "unavailable". */
        @DefaultValue("10s") Duration timeout,
        /** Results per search handed to the model (1..20). */
        @DefaultValue("5") int maxResults,
        /** Most Bedrock calls one client turn may make; when the model still wants to search, the turn ends with pause_turn. */
        @DefaultValue("8") int maxIterations,
        /** Longest query in characters; longer ones get "query_too_long" without reaching the provider. */
        @DefaultValue("500") int maxQueryLength,
        /** Per-team overrides, by team id: another provider, key, URL or result count. */
        @DefaultValue Map<String, TeamOverride> teams) {

    static final Set<String> PROVIDERS = Set.of("duckduckgo", "tavily", "serper", "custom", "none");

    public record TeamOverride(String provider, String apiKey, String baseUrl, Integer maxResults) {}

    /** Fails start-up on a setting that cannot work, naming the key. */
    void validate() {
        checkProvider("ccag.websearch", provider, apiKey, baseUrl);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ccag.websearch.timeout must be positive");
        }
        checkMaxResults("ccag.websearch.max-results", maxResults);
        if (maxIterations < 1 || maxIterations > 50) {
            throw new IllegalArgumentException("ccag.websearch.max-iterations must be between 1 and 50, was " + maxIterations);
        }
        if (maxQueryLength < 1) {
            throw new IllegalArgumentException("ccag.websearch.max-query-length must be positive, was " + maxQueryLength);
        }
        teams.forEach((team, o) -> {
            String key = "ccag.websearch.teams[" + team + "]";
            String p = o.provider() != null ? o.provider() : provider;
            // a team that only changes the result count keeps the deployment's key and URL
            checkProvider(key, p, o.apiKey() != null ? o.apiKey() : o.provider() == null ? apiKey : null,
                    o.baseUrl() != null ? o.baseUrl() : o.provider() == null ? baseUrl : null);
            if (o.maxResults() != null) checkMaxResults(key + ".max-results", o.maxResults());
        });
    }

    private static void checkProvider(String key, String provider, String apiKey, String baseUrl) {
        if (provider == null || !PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException(key + ".provider must be one of " + PROVIDERS + ", was " + provider);
        }
        if ((provider.equals("tavily") || provider.equals("serper")) && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException(key + ".api-key is required for provider " + provider
                    + " (set CCAG_WEBSEARCH_API_KEY)");
        }
        if (provider.equals("custom") && (baseUrl == null || baseUrl.isBlank())) {
            throw new IllegalArgumentException(key + ".base-url is required for provider custom");
        }
        if (baseUrl != null && !baseUrl.isBlank() && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException(key + ".base-url must be an http(s) URL, was " + baseUrl);
        }
    }

    private static void checkMaxResults(String key, int value) {
        if (value < 1 || value > 20) throw new IllegalArgumentException(key + " must be between 1 and 20, was " + value);
    }
}
