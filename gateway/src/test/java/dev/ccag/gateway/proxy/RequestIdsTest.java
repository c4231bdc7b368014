package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void looksLikeAnthropicsRequestIds() {
        assertThat(RequestIds.next()).matches("req_[0-9A-Za-z]{24}");
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        long t = 1_795_000_000_000L;
        String earlier = RequestIds.next(t);
        assertThat(RequestIds.next(t + 1)).isGreaterThan(earlier);
        assertThat(RequestIds.next(t + 62)).isGreaterThan(RequestIds.next(t + 61));
        assertThat(RequestIds.next(t + 86_400_000L)).isGreaterThan(earlier);
        // the time part is the same within a millisecond, the random part differs
        assertThat(RequestIds.next(t).substring(0, 12)).isEqualTo(earlier.substring(0, 12));
    }

    @Test
    void idsOfTheSameMillisecondAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.next(1_795_000_000_000L));
        }
        assertThat(ids).hasSize(100_000);
    }
}
