package dev.ccag.gateway.websearch;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** The deployment's provider and the per-team ones, built once at start-up. */
public final class SearchProviders {
    /** A provider and how many results it hands the model. */
    record Choice(SearchProvider provider, int maxResults) {}

    private final Choice deployment;
    private final Map<String, Choice> teams;

    SearchProviders(Choice deployment, Map<String, Choice> teams) {
        this.deployment = deployment;
        this.teams = Map.copyOf(teams);
    }

    static SearchProviders from(WebSearchProperties props, ObjectMapper mapper) {
        props.validate();
        ProviderHttp http = new ProviderHttp(props.timeout());
        Choice deployment = new Choice(create(props.provider(), props.apiKey(), props.baseUrl(), http, mapper), props.maxResults());
        Map<String, Choice> teams = new HashMap<>();
        props.teams().forEach((team, o) -> {
            boolean sameProvider = o.provider() == null;
            String provider = sameProvider ? props.provider() : o.provider();
            String key = o.apiKey() != null ? o.apiKey() : sameProvider ? props.apiKey() : null;
            String url = o.baseUrl() != null ? o.baseUrl() : sameProvider ? props.baseUrl() : null;
            teams.put(team, new Choice(create(provider, key, url, http, mapper),
                    o.maxResults() != null ? o.maxResults() : props.maxResults()));
        });
        return new SearchProviders(deployment, teams);
    }

    Choice forTeam(String teamId) {
        return teamId == null ? deployment : teams.getOrDefault(teamId, deployment);
    }

    private static SearchProvider create(String name, String apiKey, String baseUrl, ProviderHttp http, ObjectMapper mapper) {
        return switch (name) {
            case "duckduckgo" -> new DuckDuckGoProvider(http, baseUrl);
            case "tavily" -> new TavilyProvider(http, mapper, baseUrl, apiKey);
            case "serper" -> new SerperProvider(http, mapper, baseUrl, apiKey);
            case "custom" -> new CustomProvider(http, mapper, baseUrl, apiKey);
            case "none" -> new NoProvider();
            default -> throw new IllegalArgumentException("ccag.websearch.provider: unknown provider " + name);
        };
    }
}
