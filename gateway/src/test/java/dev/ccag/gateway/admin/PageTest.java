package dev.ccag.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
    @Test
    void extraRowMeansANextCursorThatDecodesToTheLastShownKey() {
        PageRequest first = PageRequest.of(2, null);
        Page<String> page = Page.of(List.of("a", "b", "c"), first, s -> s);
        assertThat(page.data()).containsExactly("a", "b");
        assertThat(page.nextCursor()).isNotNull().doesNotContain("=");
        assertThat(PageRequest.of(2, page.nextCursor()).after()).isEqualTo("b");
    }

    @Test
    void lastPageHasNoCursor() {
        Page<String> page = Page.of(List.of("a"), PageRequest.of(null, null), s -> s);
        assertThat(page.nextCursor()).isNull();
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(100);
    }

    @Test
    void limitsAndCursorsAreValidated() {
        assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(ApiProblem.class).extracting("status").isEqualTo(400);
        assertThatThrownBy(() -> PageRequest.of(1001, null)).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> PageRequest.of(10, "not*base64")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> PageRequest.of(10, "Zm9v")).isInstanceOf(ApiProblem.class);
    }
}
