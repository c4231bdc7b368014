package dev.ccag.e2e;

import static dev.ccag.e2e.SdkClients.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.models.ModelInfo;
import dev.ccag.emulator.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The official Anthropic Java SDK, unchanged, talking to CCAG in front of the Bedrock emulator. */
class AnthropicSdkE2eTest extends SdkStackTest {

    @Test
    void nonStreamingMessage() {
        HttpResponseFor<Message> response = client.messages().withRawResponse().create(MessageCreateParams.builder()
                .model(MODEL).maxTokens(256).addUserMessage("Answer with [[emu:text PINEAPPLE-42]]").build());
        Message message = response.parse();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().values("request-id")).singleElement().asString().startsWith("req_");
        assertThat(message.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo("PINEAPPLE-42"));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        RecordedRequest upstream = stack.emulator().lastRequest();
        assertThat(upstream.operation()).isEqualTo("invoke");
        assertThat(upstream.modelId()).contains("anthropic.claude-sonnet-4-5-20250929");
    }

    @Test
    void streamingMessageArrivesAsOrderedEvents() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> kinds = new ArrayList<>();
        String requestId;
        try (var response = client.messages().withRawResponse().createStreaming(MessageCreateParams.builder()
                .model(MODEL).maxTokens(256).addUserMessage("Stream [[emu:text PINEAPPLE-42 streamed in pieces]]").build())) {
            requestId = response.headers().values("request-id").stream().findFirst().orElse(null);
            try (StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
                stream.stream().forEach(event -> {
                    accumulator.accumulate(event);
                    kinds.add(kind(event));
                });
            }
        }

        assertThat(requestId).startsWith("req_");
        assertThat(kinds.getFirst()).isEqualTo("message_start");
        assertThat(kinds.getLast()).isEqualTo("message_stop");
        assertThat(kinds).containsSubsequence("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(kinds.lastIndexOf("content_block_stop")).isLessThan(kinds.indexOf("message_delta"));
        assertThat(kinds).doesNotContain("other");
        Message message = accumulator.message();
        assertThat(text(message)).isEqualTo("PINEAPPLE-42 streamed in pieces");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(stack.emulator().lastRequest().operation()).isEqualTo("invoke-with-response-stream");
    }

    @Test
    void toolUseRoundTrip() {
        Tool weather = Tool.builder().name("get_weather").description("Current weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
        MessageCreateParams.Builder first = MessageCreateParams.builder().model(MODEL).maxTokens(512).addTool(weather)
                .addUserMessage("What is the weather? [[emu:tool get_weather {\"city\":\"Paris\"}]]");

        Message call = client.messages().create(first.build());

        ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
                .findFirst().orElseThrow(() -> new AssertionError("no tool_use block in " + call.content()));
        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse.id()).startsWith("toolu_");
        assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));

        Message answer = client.messages().create(first.addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(toolUse.id()).content("18C and sunny").build())))
                .build());

        assertThat(text(answer)).isEqualTo("Tool result received: 18C and sunny");
    }

    @Test
    void thinkingBlockIsSignedAndAcceptedBackInTheNextTurn() {
        MessageCreateParams.Builder first = MessageCreateParams.builder().model(MODEL).maxTokens(4096).enabledThinking(1024)
                .addUserMessage("Think first. [[emu:text THOUGHT-THROUGH]]");

        Message thought = client.messages().create(first.build());

        ThinkingBlock thinking = thought.content().getFirst().thinking()
                .orElseThrow(() -> new AssertionError("first block is not thinking: " + thought.content()));
        assertThat(thinking.thinking()).isNotBlank();
        assertThat(thinking.signature()).isNotBlank();
        assertThat(text(thought)).isEqualTo("THOUGHT-THROUGH");

        Message followUp = client.messages().create(first.addMessage(thought)
                .addUserMessage("And now? [[emu:text SECOND-TURN]]").build());

        assertThat(text(followUp)).isEqualTo("SECOND-TURN");
        // The signed thinking block reached Bedrock unchanged (the emulator verifies the signature).
        JsonNode sentBack = stack.emulator().lastRequest().body().path("messages").path(1).path("content").path(0);
        assertThat(sentBack.path("type").asString()).isEqualTo("thinking");
        assertThat(sentBack.path("signature").asString()).isEqualTo(thinking.signature());
    }

    @Test
    void countTokens() {
        long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model(MODEL)
                .addUserMessage("How many tokens is this sentence, roughly speaking?").build()).inputTokens();

        assertThat(tokens).isPositive();
        assertThat(stack.emulator().lastRequest().operation()).isEqualTo("count-tokens");
    }

    @Test
    void listModels() {
        List<String> ids = client.models().list().autoPager().stream().map(ModelInfo::id).collect(Collectors.toList());

        assertThat(ids).contains(MODEL);
        assertThat(ids).allSatisfy(id -> assertThat(id).containsIgnoringCase("claude"));
    }

    @Test
    void bearerTokenIsAcceptedLikeAnApiKey() {
        AnthropicClient bearer = SdkClients.withAuthToken(stack, stack.key());
        try {
            Message message = bearer.messages().create(MessageCreateParams.builder().model(MODEL).maxTokens(64)
                    .addUserMessage("[[emu:text BEARER-OK]]").build());

            assertThat(text(message)).isEqualTo("BEARER-OK");
        } finally {
            bearer.close();
        }
    }

    static String text(Message message) {
        return message.content().stream().flatMap(b -> b.text().stream()).map(TextBlock::text).collect(Collectors.joining());
    }

    private static String kind(RawMessageStreamEvent event) {
        if (event.isMessageStart()) return "message_start";
        if (event.isContentBlockStart()) return "content_block_start";
        if (event.isContentBlockDelta()) return "content_block_delta";
        if (event.isContentBlockStop()) return "content_block_stop";
        if (event.isMessageDelta()) return "message_delta";
        if (event.isMessageStop()) return "message_stop";
        return "other";
    }
}
