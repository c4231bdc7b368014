package dev.ccag.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.GatewayApplication;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The ledger through the real gateway and emulator: what a request leaves in usage_records and the rollups. */
class UsageLedgerIntegrationTest {
    private static final String KEY = "sk-ccag-test-key-0123456789abcdefghij";
    private static final String SONNET = "claude-sonnet-4-6";

    /** A gateway in front of the emulator on H2 (its data dir) or a PostgreSQL schema. */
    static final class Stack implements AutoCloseable {
        final BedrockEmulator emulator = BedrockEmulator.start();
        final ConfigurableApplicationContext gateway;
        final URI base;
        final JdbcClient db;
        final TestDatabases.Db pg;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Stack(String kind) throws Exception {
            Path data = Files.createTempDirectory("ccag-usage-test");
            pg = kind.equals("postgresql") ? TestDatabases.create(kind) : null;
            List<String> props = new ArrayList<>(List.of(
                    "server.port=0",
                    "spring.config.import=optional:file:" + data.resolve("none.yaml"),
                    "ccag.data-dir=" + data,
                    "ccag.auth.bootstrap-key=" + KEY,
                    "ccag.usage.batch-interval=20ms",
                    "ccag.bedrock.endpoints[0].name=emulator",
                    "ccag.bedrock.endpoints[0].region=us-east-1",
                    "ccag.bedrock.endpoints[0].endpoint-url=" + emulator.endpoint(),
                    "ccag.bedrock.endpoints[0].credentials.type=static",
                    "ccag.bedrock.endpoints[0].credentials.access-key-id=" + emulator.accessKeyId(),
                    "ccag.bedrock.endpoints[0].credentials.secret-access-key=" + emulator.secretAccessKey()));
            if (pg != null) props.add("spring.datasource.url=" + pg.url);
            gateway = new SpringApplicationBuilder(GatewayApplication.class).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
            base = URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
            db = JdbcClient.create(gateway.getBean(DataSource.class));
        }

        HttpRequest.Builder post(String json) {
            return HttpRequest.newBuilder(base.resolve("/v1/messages")).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                    .header("x-api-key", KEY).POST(HttpRequest.BodyPublishers.ofString(json));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        Map<String, Object> row(String requestId) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                var rows = db.sql("select * from usage_records where request_id = ?").param(requestId).query().listOfRows();
                if (!rows.isEmpty()) return rows.getFirst();
                Thread.sleep(20);
            }
            throw new AssertionError("no usage record for " + requestId);
        }

        @Override
        public void close() throws Exception {
            gateway.close();
            emulator.close();
            if (pg != null) pg.close();
        }
    }

    static String message(String text, boolean stream) {
        return """
                {"model":"%s","max_tokens":256,"stream":%s,"messages":[{"role":"user","content":"%s"}]}""".formatted(SONNET, stream, text);
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void everyAnsweredRequestIsRecordedPricedAndRolledUp(String kind) throws Exception {
        try (Stack s = new Stack(kind)) {
            // 1. non-streaming, with Claude Code's session header and an agent id
            HttpResponse<String> plain = s.send(s.post(message("[[emu:text hello there]]", false))
                    .header("x-claude-code-session-id", "0b8f2a5e-1111-2222-3333-444455556666")
                    .header("x-claude-code-agent-id", "agent-42"));
            assertThat(plain.statusCode()).isEqualTo(200);
            JsonNode usage = JsonMapper.builder().build().readTree(plain.body()).get("usage");
            Map<String, Object> r = s.row(plain.headers().firstValue("request-id").orElseThrow());
            assertThat(r.get("key_id")).isNotNull(); // the bootstrap key's id (its form depends on the key store)
            assertThat(r).containsEntry("requested_model", SONNET)
                    .containsEntry("model", SONNET).containsEntry("bedrock_model", "us.anthropic.claude-sonnet-4-6")
                    .containsEntry("endpoint", "emulator").containsEntry("status", 200).containsEntry("streaming", false)
                    .containsEntry("client_aborted", false)
                    .containsEntry("input_tokens", usage.get("input_tokens").asLong())
                    .containsEntry("output_tokens", usage.get("output_tokens").asLong())
                    .containsEntry("session_id", "0b8f2a5e-1111-2222-3333-444455556666")
                    .containsEntry("agent_id", "agent-42");
            // Sonnet 4.6 via us.: list price + 10 % uplift, rounded once
            long expected = Math.round((usage.get("input_tokens").asLong() * 3.0 + usage.get("output_tokens").asLong() * 15.0) * 1.1);
            assertThat((Long) r.get("cost_micros")).isEqualTo(expected).isPositive();
            assertThat((String) r.get("price_json")).contains("\"uplift_percent\":10", "\"prefix\":\"us\"", "\"input\":3000000");
            assertThat((Integer) r.get("latency_ms")).isNotNull();
            assertThat(r.get("agent_id")).isEqualTo("agent-42");

            // 2. streaming
            HttpResponse<String> streamed = s.send(s.post(message("[[emu:text streamed]]", true)));
            assertThat(streamed.body()).contains("message_stop");
            Map<String, Object> sr = s.row(streamed.headers().firstValue("request-id").orElseThrow());
            assertThat(sr).containsEntry("streaming", true).containsEntry("status", 200);
            assertThat((Integer) sr.get("ttfb_ms")).isNotNull();
            assertThat(sr.get("agent_id")).isNull();

            // 3. an upstream error is recorded with its status and no cost
            HttpResponse<String> throttled = s.send(s.post(message("[[emu:fault throttling]]", false)));
            assertThat(throttled.statusCode()).isEqualTo(429);
            Map<String, Object> tr = s.row(throttled.headers().firstValue("request-id").orElseThrow());
            assertThat(tr).containsEntry("status", 429).containsEntry("cost_micros", 0L);

            // 4. a request without a valid key is not billed to anyone
            HttpResponse<String> anonymous = s.http.send(HttpRequest.newBuilder(s.base.resolve("/v1/messages"))
                    .header("content-type", "application/json").header("x-api-key", "sk-ccag-wrong")
                    .POST(HttpRequest.BodyPublishers.ofString(message("hi", false))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            // rollups: three requests of the key, one error, the cost of the two answered ones
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.db.sql("select coalesce(sum(requests), 0) from usage_daily").query(Long.class).single() < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Map<String, Object> daily = s.db.sql("select sum(requests) as requests, sum(errors) as errors, sum(cost_micros) as cost from usage_daily")
                    .query().singleRow();
            assertThat(((Number) daily.get("requests")).longValue()).isEqualTo(3);
            assertThat(((Number) daily.get("errors")).longValue()).isEqualTo(1);
            assertThat(((Number) daily.get("cost")).longValue()).isEqualTo((Long) r.get("cost_micros") + (Long) sr.get("cost_micros"));
            assertThat(s.db.sql("select count(*) from usage_records").query(Long.class).single()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aClientAbortIsBilledForWhatWasStreamed(String kind) throws Exception {
        try (Stack s = new Stack(kind)) {
            HttpRequest req = s.post(message("[[emu:chunks 200]] [[emu:pace 50]] long story", true)).build();
            HttpResponse<InputStream> r = s.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            String requestId = r.headers().firstValue("request-id").orElseThrow();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null && !line.contains("content_block_delta")) {
                    // read until the first delta, then hang up
                }
            }
            Map<String, Object> row = s.row(requestId);
            assertThat(row).containsEntry("client_aborted", true).containsEntry("streaming", true);
            assertThat((Long) row.get("input_tokens")).isPositive();
            assertThat((Long) row.get("cost_micros")).isPositive();
        }
    }
}
