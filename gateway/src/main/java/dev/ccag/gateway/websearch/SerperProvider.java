package dev.ccag.gateway.websearch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serper (Google results): {@code POST https://google.serper.dev/search} with {@code X-API-KEY} and
 * {@code {"q","num","gl","location"}}; answers {@code {"organic":[{"title","link","snippet","date"?,"position"}]}}.
 * Google has no domain parameters, so the lists travel as {@code site:} operators in {@code q}.
 */
final class SerperProvider implements SearchProvider {
    private static final JsonResults RESULTS = new JsonResults("organic", "link", "title", "snippet", "date");
    static final String DEFAULT_URL = "https://google.serper.dev/search";

    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final URI endpoint;
    private final String apiKey;

    SerperProvider(ProviderHttp http, ObjectMapper mapper, String baseUrl, String apiKey) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = URI.create(baseUrl == null || baseUrl.isBlank() ? DEFAULT_URL : baseUrl);
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "serper";
    }

    @Override
    public List<SearchResult> search(SearchRequest request) throws SearchException {
        ObjectNode body = mapper.createObjectNode();
        body.put("q", request.queryWithSiteOperators());
        body.put("num", request.maxResults());
        UserLocation location = request.location();
        if (location != null && location.country() != null) body.put("gl", location.country().toLowerCase(Locale.ROOT));
        if (location != null && !location.describe().isEmpty()) body.put("location", location.describe());
        HttpRequest call = HttpRequest.newBuilder(endpoint)
                .timeout(http.timeout())
                .header("Content-Type", "application/json")
                .header("X-API-KEY", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        String answer = http.send(call, name()).body();
        return RESULTS.read(mapper, answer, name());
    }
}
