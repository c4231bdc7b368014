package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.bedrock.BedrockHttpClient;
import dev.ccag.gateway.bedrock.BedrockOperation;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import dev.ccag.gateway.observe.ProxyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream relay against a scripted Bedrock on a loopback socket: every event arrives once and
 * in order, and the events that arrive in one piece leave in one flush, while an event that
 * arrives alone is flushed before the relay waits for the next.
 */
class StreamRelayTest {
    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}";
    private static final String BLOCK_START = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    private static final String BLOCK_STOP = "{\"type\":\"content_block_stop\",\"index\":0}";
    private static final String DELTA = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}";
    private static final String STOP = "{\"type\":\"message_stop\"}";

    private ServerSocket server;
    private final Heartbeats heartbeats = new Heartbeats(Duration.ofSeconds(30));

    @AfterEach
    void stop() throws IOException {
        heartbeats.close();
        if (server != null) server.close();
    }

    @Test
    void eventsThatArriveTogetherLeaveInOneFlushAndALoneEventIsNotHeldBack() throws Exception {
        List<String> first = List.of(START, BLOCK_START, text(0), text(1), text(2));
        List<String> second = List.of(text(3)); // arrives alone: must go out before the relay waits again
        List<String> third = List.of(text(4), BLOCK_STOP, DELTA, STOP);
        RecordingResponse response = new RecordingResponse();
        CountDownLatch[] flushed = {new CountDownLatch(1), new CountDownLatch(1)};
        response.out.onFlush = n -> {
            if (n <= flushed.length) flushed[n - 1].countDown();
        };
        URI base = scriptedBedrock(out -> {
            // One write per burst, each event in its own HTTP chunk as Bedrock sends it.
            out.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", chunks(first)));
            out.flush();
            await(flushed[0]);
            out.write(chunks(second));
            out.flush();
            await(flushed[1]);
            out.write(bytes("", chunks(third), "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            out.flush();
        });

        ProxyExchange exchange = relay(base, response);

        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        assertThat(response.out.text()).isEqualTo(sse(all));
        assertThat(response.out.flushedSizes()).containsExactly(sse(first).length(), sse(second).length(), sse(third).length());
        assertThat(exchange.usage.inputTokens()).isEqualTo(12);
        assertThat(exchange.usage.outputTokens()).isEqualTo(7);
        assertThat(exchange.clientFirstByteNanos).isPositive();
    }

    @Test
    void anEventSplitAcrossReadsIsForwardedWholeOnceItsRestArrives() throws Exception {
        List<String> events = List.of(START, BLOCK_START, text(0), BLOCK_STOP, DELTA, STOP);
        byte[] wire = chunks(events);
        int cut = wire.length / 2;
        RecordingResponse response = new RecordingResponse();
        CountDownLatch firstFlush = new CountDownLatch(1);
        response.out.onFlush = n -> firstFlush.countDown();
        URI base = scriptedBedrock(out -> {
            out.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", java.util.Arrays.copyOf(wire, cut)));
            out.flush();
            // The relay sends what is whole and must not sit on it while the rest is on its way.
            await(firstFlush);
            out.write(bytes("", java.util.Arrays.copyOfRange(wire, cut, wire.length), "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            out.flush();
        });

        relay(base, response);

        assertThat(response.out.text()).isEqualTo(sse(events));
        assertThat(response.out.flushedSizes()).hasSize(2);
        assertThat(response.out.flushedSizes().get(0)).isPositive();
    }

    private ProxyExchange relay(URI base, RecordingResponse response) throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        StreamRelay relay = new StreamRelay(mapper, new BedrockErrorMapper(), new ErrorResponses(mapper), heartbeats,
                new ProxyMetrics(new SimpleMeterRegistry()));
        BedrockEndpoint endpoint = new BedrockEndpoint("scripted", "us-east-1", base,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                new EndpointProfile("scripted", "us-east-1", null, Map.of()));
        ProxyExchange exchange = new ProxyExchange(RequestIds.next(), System.nanoTime(), ProxyRoute.MESSAGES,
                ServletClient.request(new MockHttpServletRequest("POST", "/v1/messages")), ServletClient.response(response));
        exchange.endpoint = endpoint;
        try (BedrockHttpClient client = new BedrockHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(10), 4);
             UpstreamResponse upstream = client.send(endpoint, BedrockOperation.INVOKE_STREAM, "anthropic.claude-sonnet-4-5-20250929-v1:0",
                     "{}".getBytes(StandardCharsets.UTF_8))) {
            relay.relay(exchange, upstream);
        }
        assertThat(exchange.errorType).isNull();
        return exchange;
    }

    interface Script {
        void answer(OutputStream out) throws Exception;
    }

    /** A one-request server that reads the request and answers with the script. */
    private URI scriptedBedrock(Script script) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                int length = 0;
                for (String line : readHead(in).split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                }
                in.readNBytes(length);
                script.answer(s.getOutputStream());
                s.getOutputStream().flush();
                in.read(); // hold the connection until the client is done with it
            } catch (Exception e) {
                // the relay's assertions tell what went wrong
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) return s;
        }
        throw new IOException("the request ended before its head");
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the relay did not flush");
    }

    private static String text(int i) {
        return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"part " + i + " \"}}";
    }

    /** The events as Bedrock frames, one HTTP chunk each. */
    private static byte[] chunks(List<String> events) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (String event : events) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame(event).encode(frame);
            wire.write(Integer.toHexString(frame.size()).getBytes(StandardCharsets.ISO_8859_1));
            wire.write(new byte[] {'\r', '\n'});
            frame.writeTo(wire);
            wire.write(new byte[] {'\r', '\n'});
        }
        return wire.toByteArray();
    }

    private static Message frame(String eventJson) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString("chunk"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        String payload = "{\"bytes\":\"" + Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8)) + "\"}";
        return new Message(headers, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String head, byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(head.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] p : parts) b.write(p);
        return b.toByteArray();
    }

    private static String sse(List<String> events) {
        StringBuilder b = new StringBuilder();
        for (String e : events) {
            String type = e.substring(9, e.indexOf('"', 9));
            b.append("event: ").append(type).append("\ndata: ").append(e).append("\n\n");
        }
        return b.toString();
    }

    /** A servlet response whose body stream records the bytes and where each flush fell. */
    private static final class RecordingResponse extends HttpServletResponseWrapper {
        final RecordingStream out = new RecordingStream();

        RecordingResponse() {
            super(new MockHttpServletResponse());
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public void flushBuffer() {
            // the status line and headers: not an event flush
        }
    }

    private static final class RecordingStream extends ServletOutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Integer> flushed = new ArrayList<>();
        private int atLastFlush;
        volatile java.util.function.IntConsumer onFlush = n -> { };

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            int n;
            synchronized (this) {
                flushed.add(bytes.size() - atLastFlush);
                atLastFlush = bytes.size();
                n = flushed.size();
            }
            onFlush.accept(n);
        }

        synchronized List<Integer> flushedSizes() {
            return List.copyOf(flushed);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
