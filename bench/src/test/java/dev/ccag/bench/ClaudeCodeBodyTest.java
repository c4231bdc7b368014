package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClaudeCodeBodyTest {
    @Test
    void growsToTheRequestedSizeWithFortyToolsAndEndsOnTheScriptedUserTurn() {
        byte[] bytes = ClaudeCodeBody.build(150 * 1024, "Done.");
        assertThat(bytes.length).isBetween(150 * 1024 - 10_000, 150 * 1024 + 2_000);
        JsonNode body = ResponseCheck.JSON.readTree(bytes);
        assertThat(body.path("model").asString()).isEqualTo(Bodies.MODEL);
        assertThat(body.path("tools").size()).isEqualTo(40);
        assertThat(body.path("system").path(1).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        JsonNode messages = body.path("messages");
        assertThat(messages.size()).isGreaterThan(20);
        JsonNode last = messages.path(messages.size() - 1);
        assertThat(last.path("role").asString()).isEqualTo("user");
        assertThat(last.path("content").path(0).path("text").asString()).startsWith("[[emu:text Done.]]");
    }

    @Test
    void isTheSameBytesEveryTime() {
        assertThat(ClaudeCodeBody.build(50_000, "x")).isEqualTo(ClaudeCodeBody.build(50_000, "x"));
    }

    @Test
    void aTwoMegabyteBodyIsJustMoreHistory() {
        assertThat(ClaudeCodeBody.build(2 * 1024 * 1024, "x").length).isBetween(2 * 1024 * 1024 - 10_000, 2 * 1024 * 1024 + 2_000);
    }
}
