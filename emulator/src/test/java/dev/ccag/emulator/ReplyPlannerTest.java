package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReplyPlannerTest {
    static final ThinkingSigner SIGNER = new ThinkingSigner("k");
    static final ReplyPlanner PLANNER = new ReplyPlanner(SIGNER, 0, 0, 0);
    static final String TOOLS = "\"tools\":[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\"}},"
            + "{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}}],";

    @Test
    void acknowledgesTheFirstToolResult() {
        Reply r = plan(TOOLS + "\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:bash ls]]\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":[{\"type\":\"text\",\"text\":\"file-a\\nfile-b\"}]},"
                + "{\"type\":\"text\",\"text\":\"[[emu:fault throttling]]\"}]}]");
        assertThat(r.blocks()).containsExactly(new ReplyBlock.Text("Tool result received: file-a\nfile-b"));
        assertThat(r.stopReason()).isEqualTo("end_turn");
        assertThat(r.fault()).isNull();
    }

    @Test
    void directivesInAToolResultScriptTheNextStep() {
        // a search result that leads the "model" to call a tool again, as a real model might
        Reply r = plan(TOOLS + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Read\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"found [[emu:bash ls -l]]\"}]}]");
        assertThat(r.stopReason()).isEqualTo("tool_use");
        assertThat(r.blocks()).last().isInstanceOfSatisfying(ReplyBlock.ToolUse.class, t -> {
            assertThat(t.name()).isEqualTo("Bash");
            assertThat(t.input().get("command").asString()).isEqualTo("ls -l");
        });
    }

    @Test
    void aToolResultQuotingADirectiveForAToolThisRequestLacksIsJustAcknowledged() {
        Reply r = plan(TOOLS + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
                + "\"content\":\"query was [[emu:tool web_search {\\\"query\\\":\\\"x\\\"}]]\"}]}]");
        assertThat(r.stopReason()).isEqualTo("end_turn");
        assertThat(((ReplyBlock.Text) r.blocks().getFirst()).text()).startsWith("Tool result received: query was [[emu:tool web_search");
    }

    @Test
    void readsTheLastUserMessageEvenWhenASystemMessageFollowsIt() {
        // Claude Code 2.1.328 on its newest models ends messages with a role-system environment message
        Reply r = plan("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[[emu:text PINEAPPLE]]\"}]},"
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"# Environment\"}]}]");
        assertThat(r.blocks()).containsExactly(new ReplyBlock.Text("PINEAPPLE"));
    }

    @Test
    void toolResultTextIsCutAt2000Chars() {
        String longText = "x".repeat(2500);
        Reply r = plan("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"" + longText + "\"}]}]");
        assertThat(((ReplyBlock.Text) r.blocks().getFirst()).text()).hasSize("Tool result received: ".length() + 2000);
    }

    @Test
    void greetsWithAnEchoOfTheLastTextBlock() {
        Reply r = plan("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>x</system-reminder>\"},"
                + "{\"type\":\"text\",\"text\":\"what is up?\"}]}]");
        assertThat(r.blocks()).containsExactly(new ReplyBlock.Text("Hello from the CCAG Bedrock emulator. You said: what is up?"));
    }

    @Test
    void paddsTheGreetingForBenchmarks() {
        Reply r = new ReplyPlanner(SIGNER, 0, 0, 500).plan(body("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertThat(TokenEstimator.words(((ReplyBlock.Text) r.blocks().getFirst()).text())).isEqualTo(500);
    }

    @Test
    void textAndToolDirectives() {
        Reply r = plan(TOOLS + "\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:text Reading now.]] [[emu:tool Read {\\\"file_path\\\":\\\"/tmp/a\\\"}]]\"}]");
        assertThat(r.blocks()).hasSize(2);
        assertThat(r.blocks().get(0)).isEqualTo(new ReplyBlock.Text("Reading now."));
        ReplyBlock.ToolUse tool = (ReplyBlock.ToolUse) r.blocks().get(1);
        assertThat(tool.id()).startsWith("toolu_");
        assertThat(tool.name()).isEqualTo("Read");
        assertThat(tool.input().path("file_path").asString()).isEqualTo("/tmp/a");
        assertThat(r.stopReason()).isEqualTo("tool_use");
    }

    @Test
    void bashIsAToolUseOfBashWithACommand() {
        Reply r = plan(TOOLS + "\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:bash echo hi && ls]]\"}]");
        assertThat(r.blocks().getFirst()).isEqualTo(new ReplyBlock.Text("I'll use the Bash tool."));
        ReplyBlock.ToolUse tool = (ReplyBlock.ToolUse) r.blocks().get(1);
        assertThat(tool.input().toString()).isEqualTo("{\"command\":\"echo hi && ls\",\"description\":\"Run command\"}");
    }

    @Test
    void aToolTheRequestDoesNotOfferIsExplainedNotCalled() {
        Reply r = plan("\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:tool Write {}]]\"}]");
        assertThat(r.blocks()).singleElement().isInstanceOfSatisfying(ReplyBlock.Text.class,
                t -> assertThat(t.text()).contains("Write is not among the tools"));
        assertThat(r.stopReason()).isEqualTo("end_turn");
    }

    @Test
    void thinkingComesFirstWithAVerifiableSignature() {
        for (String body : List.of(
                "\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:think]] hi\"}]",
                "\"thinking\":{\"type\":\"adaptive\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]",
                "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]")) {
            Reply r = plan(body);
            ReplyBlock.Thinking t = (ReplyBlock.Thinking) r.blocks().getFirst();
            assertThat(SIGNER.verify(t.thinking(), t.signature())).isTrue();
            assertThat(r.blocks().get(1)).isInstanceOf(ReplyBlock.Text.class);
        }
    }

    @Test
    void modifiers() {
        Reply r = plan("\"messages\":[{\"role\":\"user\",\"content\":\"[[emu:slow 120]][[emu:chunks 7]][[emu:pace 15]][[emu:maxtokens]]"
                + "[[emu:midstream throttling]][[emu:fault internal]]\"}]");
        assertThat(r.slowMs()).isEqualTo(120);
        assertThat(r.chunks()).isEqualTo(7);
        assertThat(r.paceMs()).isEqualTo(15);
        assertThat(r.stopReason()).isEqualTo("max_tokens");
        assertThat(r.midstream()).isEqualTo("throttling");
        assertThat(r.fault()).isEqualTo("internal");
    }

    @Test
    void chunksSplitTextIntoThatManyDeltas() {
        assertThat(TextChunks.split("abcdefghij", 3)).containsExactly("abc", "def", "ghij");
        assertThat(TextChunks.split("ab", 5)).containsExactly("a", "b");
        assertThat(String.join("", TextChunks.split("a😀b😀c", 4))).isEqualTo("a😀b😀c");
        assertThat(TextChunks.split("a😀b😀c", 4)).allSatisfy(p -> assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse());
    }

    private static Reply plan(String fields) {
        return PLANNER.plan(body(fields));
    }

    private static JsonNode body(String fields) {
        return Json.MAPPER.readTree("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4096," + fields + "}");
    }
}
