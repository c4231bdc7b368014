package dev.ccag.gateway.websearch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An operator's own search service (the contract is in README "Web search"):
 * {@code POST <base-url>} with {@code Authorization: Bearer <api-key>} when a key is set and
 * {@code {"query","max_results","allowed_domains","blocked_domains","user_location"}};
 * it answers {@code {"results":[{"url","title","snippet","page_age"}]}}, or an error status, where
 * 429 means {@code too_many_requests} and a 4xx body {@code {"error_code":"query_too_long"}} (or
 * {@code invalid_tool_input}) passes that code on.
 */
final class CustomProvider implements SearchProvider {
    private static final JsonResults RESULTS = new JsonResults("results", "url", "title", "snippet", "page_age");
    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final URI endpoint;
    private final String apiKey;

    CustomProvider(ProviderHttp http, ObjectMapper mapper, String baseUrl, String apiKey) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = URI.create(baseUrl);
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "custom";
    }

    @Override
    public List<SearchResult> search(SearchRequest request) throws SearchException {
        ObjectNode body = mapper.createObjectNode();
        body.put("query", request.query());
        body.put("max_results", request.maxResults());
        request.allowedDomains().forEach(body.putArray("allowed_domains")::add);
        request.blockedDomains().forEach(body.putArray("blocked_domains")::add);
        UserLocation l = request.location();
        if (l != null) {
            ObjectNode loc = body.putObject("user_location");
            if (l.city() != null) loc.put("city", l.city());
            if (l.region() != null) loc.put("region", l.region());
            if (l.country() != null) loc.put("country", l.country());
            if (l.timezone() != null) loc.put("timezone", l.timezone());
        } else {
            body.putNull("user_location");
        }
        HttpRequest.Builder call = HttpRequest.newBuilder(endpoint)
                .timeout(http.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) call.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> response = http.exchange(call.build(), name());
        if (response.statusCode() / 100 == 4 && response.statusCode() != 429) {
            SearchErrorCode named = namedError(response.body());
            if (named != null) throw new SearchException(named, "custom provider answered " + named.wire());
        }
        String answer = ProviderHttp.check(response, name()).body();
        return RESULTS.read(mapper, answer, "custom provider");
    }

    /** Only the input-related codes may be named by the provider; the rest follow from the status. */
    private SearchErrorCode namedError(String body) {
        try {
            SearchErrorCode code = SearchErrorCode.fromWire(mapper.readTree(body).path("error_code").asString(""));
            return code == SearchErrorCode.QUERY_TOO_LONG || code == SearchErrorCode.INVALID_TOOL_INPUT ? code : null;
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
