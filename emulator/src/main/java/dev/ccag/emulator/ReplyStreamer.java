package dev.ccag.emulator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams a reply as Anthropic's event sequence (PROTOCOL §5) in Bedrock chunk frames:
 * message_start, per block content_block_start / deltas / content_block_stop, message_delta, and
 * message_stop carrying {@code amazon-bedrock-invocationMetrics}.
 */
final class ReplyStreamer {
    private final EventStreamWriter writer;
    private final Reply reply;
    private boolean deltaSent;

    ReplyStreamer(EventStreamWriter writer, Reply reply) {
        this.writer = writer;
        this.reply = reply;
    }

    void stream(String id, String model, Usage usage, long startNanos) throws IOException, InterruptedException {
        writer.event(event("message_start").set("message", MessageJson.startMessage(id, model, usage)));
        if (reply.midstream() != null) {
            failMidstream();
            return;
        }
        List<ReplyBlock> blocks = reply.blocks();
        for (int index = 0; index < blocks.size(); index++) {
            ReplyBlock block = blocks.get(index);
            writer.event(event("content_block_start").put("index", index).set("content_block", MessageJson.emptyBlock(block)));
            switch (block) {
                case ReplyBlock.Text t -> {
                    for (String piece : TextChunks.split(t.text(), reply.chunks())) delta(index, "text_delta", "text", piece);
                }
                case ReplyBlock.Thinking t -> {
                    for (String piece : TextChunks.split(t.thinking(), reply.chunks())) delta(index, "thinking_delta", "thinking", piece);
                    delta(index, "signature_delta", "signature", t.signature());
                }
                case ReplyBlock.ToolUse t -> {
                    // Always two or more pieces: clients must join partial JSON, and tests should prove they do.
                    for (String piece : TextChunks.split(t.input().toString(), Math.max(2, reply.chunks()))) {
                        delta(index, "input_json_delta", "partial_json", piece);
                    }
                }
            }
            writer.event(event("content_block_stop").put("index", index));
        }
        ObjectNode messageDelta = event("message_delta");
        messageDelta.putObject("delta").put("stop_reason", reply.stopReason()).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", usage.outputTokens());
        writer.event(messageDelta);
        ObjectNode stop = event("message_stop");
        stop.set("amazon-bedrock-invocationMetrics", metrics(usage, startNanos));
        writer.event(stop);
    }

    private void failMidstream() throws IOException, InterruptedException {
        String text = reply.blocks().stream().filter(b -> b instanceof ReplyBlock.Text)
                .map(b -> ((ReplyBlock.Text) b).text()).findFirst().orElse("Partial answer");
        writer.event(event("content_block_start").put("index", 0)
                .set("content_block", MessageJson.emptyBlock(new ReplyBlock.Text(""))));
        delta(0, "text_delta", "text", TextChunks.split(text, Math.max(2, reply.chunks())).getFirst());
        writer.exception(Faults.midstream(reply.midstream()));
    }

    private void delta(int index, String type, String field, String value) throws IOException, InterruptedException {
        if (deltaSent && reply.paceMs() > 0) TimeUnit.MILLISECONDS.sleep(reply.paceMs());
        deltaSent = true;
        ObjectNode e = event("content_block_delta").put("index", index);
        e.putObject("delta").put("type", type).put(field, value);
        writer.event(e);
    }

    private ObjectNode metrics(Usage usage, long startNanos) {
        long now = System.nanoTime();
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("inputTokenCount", usage.inputTokens());
        m.put("outputTokenCount", usage.outputTokens());
        m.put("invocationLatency", TimeUnit.NANOSECONDS.toMillis(now - startNanos));
        m.put("firstByteLatency", TimeUnit.NANOSECONDS.toMillis(writer.firstByteNanos() - startNanos));
        if (usage.cacheReadTokens() > 0) m.put("cacheReadInputTokenCount", usage.cacheReadTokens());
        if (usage.cacheWriteTokens() > 0) m.put("cacheWriteInputTokenCount", usage.cacheWriteTokens());
        return m;
    }

    private static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }
}
