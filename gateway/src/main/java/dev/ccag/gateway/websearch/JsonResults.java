package dev.ccag.gateway.websearch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How a JSON search API lists its results: the array they are in and the field names of url, title,
 * snippet and date. Items without a url are skipped; an answer that is not JSON is {@code unavailable}.
 */
record JsonResults(String array, String url, String title, String snippet, String date) {

    List<SearchResult> read(ObjectMapper mapper, String answer, String provider) throws SearchException {
        JsonNode items;
        try {
            items = mapper.readTree(answer).path(array);
        } catch (JacksonException e) {
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " answered something that is not JSON");
        }
        List<SearchResult> out = new ArrayList<>();
        for (JsonNode r : items) {
            String link = r.path(url).asString("");
            if (link.isEmpty()) continue;
            out.add(new SearchResult(link, r.path(title).asString(""), r.path(snippet).asString(""),
                    r.hasNonNull(date) ? r.get(date).asString() : null));
        }
        return out;
    }
}
