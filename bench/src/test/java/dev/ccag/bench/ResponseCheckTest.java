package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseCheckTest {
    private static byte[] sse(String... events) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) sb.append("event: ").append(e).append("\ndata: {\"type\":\"").append(e).append("\"}\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sseStreamMustOpenCarryTheDeltasAndStop() {
        assertThat(ResponseCheck.sse(2).problem(sse("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"))).isNull();
        assertThat(ResponseCheck.sse(2).problem(sse("message_start", "content_block_delta", "message_stop")))
                .isEqualTo("expected 2 deltas, got 1");
        assertThat(ResponseCheck.sse(1).problem(sse("message_start", "content_block_delta", "error")))
                .contains("error");
        assertThat(ResponseCheck.sse(1).problem(sse("message_start", "content_block_delta")))
                .contains("message_stop");
        assertThat(ResponseCheck.sse(0).problem(new byte[0])).contains("message_start");
    }

    @Test
    void messageCheckWantsTheExactTextAndEndTurn() {
        byte[] good = "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hi.\"}],\"stop_reason\":\"end_turn\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] cut = "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hi.\"}],\"stop_reason\":\"max_tokens\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseCheck.message("Hi.").problem(good)).isNull();
        assertThat(ResponseCheck.message("Hi.").problem(cut)).contains("max_tokens");
        assertThat(ResponseCheck.message("Hi.").problem(error)).startsWith("not a message");
    }
}
