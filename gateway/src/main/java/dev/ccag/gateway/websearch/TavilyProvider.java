package dev.ccag.gateway.websearch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tavily: {@code POST https://api.tavily.com/search} with {@code Authorization: Bearer <key>} and
 * {@code {"query","max_results","search_depth","include_domains","exclude_domains","country"}};
 * answers {@code {"results":[{"title","url","content","score","published_date"?}]}}.
 */
final class TavilyProvider implements SearchProvider {
    private static final JsonResults RESULTS = new JsonResults("results", "url", "title", "content", "published_date");
    static final String DEFAULT_URL = "https://api.tavily.com/search";

    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final URI endpoint;
    private final String apiKey;

    TavilyProvider(ProviderHttp http, ObjectMapper mapper, String baseUrl, String apiKey) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = URI.create(baseUrl == null || baseUrl.isBlank() ? DEFAULT_URL : baseUrl);
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "tavily";
    }

    @Override
    public List<SearchResult> search(SearchRequest request) throws SearchException {
        ObjectNode body = mapper.createObjectNode();
        body.put("query", request.query());
        body.put("max_results", request.maxResults());
        body.put("search_depth", "basic");
        if (!request.allowedDomains().isEmpty()) request.allowedDomains().forEach(body.putArray("include_domains")::add);
        if (!request.blockedDomains().isEmpty()) request.blockedDomains().forEach(body.putArray("exclude_domains")::add);
        String country = request.location() == null ? null : request.location().countryName();
        if (country != null) body.put("country", country.toLowerCase(Locale.ROOT));
        HttpRequest call = HttpRequest.newBuilder(endpoint)
                .timeout(http.timeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        String answer = http.send(call, name()).body();
        return RESULTS.read(mapper, answer, name());
    }
}
