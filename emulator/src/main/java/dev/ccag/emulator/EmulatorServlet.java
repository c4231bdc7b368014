package dev.ccag.emulator;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's single servlet: {@code /_emulator/…} to the control API, everything else is a
 * Bedrock Runtime call (recorded, authenticated, then handled). A plain servlet keeps the hot path
 * free of framework dispatch, since the emulator is the baseline in benchmarks.
 */
final class EmulatorServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(EmulatorServlet.class);

    private final transient Authenticator authenticator;
    private final transient ModelHandler models;
    private final transient ControlApi control;
    private final transient EmulatorState state;

    EmulatorServlet(Authenticator authenticator, ModelHandler models, ControlApi control, EmulatorState state) {
        this.authenticator = authenticator;
        this.models = models;
        this.control = control;
        this.state = state;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getRequestURI().startsWith(ControlApi.PREFIX)) {
            control.handle(req, resp);
            return;
        }
        long startNanos = System.nanoTime();
        String requestId = Ids.request();
        IncomingRequest in = HttpIo.read(req);
        JsonNode json = parseQuietly(in.body());
        ModelPath path = null;
        BedrockException pathError = null;
        try {
            path = ModelPath.parse(in.rawPath());
        } catch (BedrockException e) {
            pathError = e;
        }
        state.requests.add(new RecordedRequest(in.method(), in.rawPath(), path == null ? null : path.modelId(),
                path == null ? null : path.operation().pathName, in.headers(), json, in.body()));
        try {
            authenticator.authenticate(in);
            if (pathError != null) throw pathError;
            if (path == null || !"POST".equals(in.method())) {
                throw BedrockError.UNKNOWN_OPERATION.with("Unknown operation " + in.method() + " " + in.rawPath());
            }
            models.handle(path, json, requestId, startNanos, resp);
        } catch (BedrockException e) {
            if (!resp.isCommitted()) HttpIo.error(resp, requestId, e);
            else log.warn("emulator: {} after the stream began: {}", e.error.awsName, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (path != null && path.operation() == ModelOperation.INVOKE_STREAM) state.abortedStreams.incrementAndGet();
            log.debug("emulator: client went away: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("emulator: unexpected failure on {} {}", in.method(), in.rawPath(), e);
            if (!resp.isCommitted()) {
                HttpIo.error(resp, requestId, BedrockError.INTERNAL_SERVER.with("Emulator failure: " + e));
            }
        }
    }

    private static JsonNode parseQuietly(byte[] body) {
        if (body.length == 0) return null;
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
