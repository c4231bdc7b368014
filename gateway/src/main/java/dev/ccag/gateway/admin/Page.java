package dev.ccag.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: {@code {"data":[...],"next_cursor":"..."|null}}. Repositories fetch
 * {@code limit + 1} rows ordered by a unique sort key; the extra row only says another page exists.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(List<T> data, @JsonProperty("next_cursor") String nextCursor) {

    /** @param fetched up to {@code request.limit() + 1} rows in sort order */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, String> sortKey) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> data = List.copyOf(fetched.subList(0, request.limit()));
        return new Page<>(data, PageRequest.encode(sortKey.apply(data.getLast())));
    }
}
