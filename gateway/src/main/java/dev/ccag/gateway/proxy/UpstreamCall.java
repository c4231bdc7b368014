package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.bedrock.BedrockHttpClient;
import dev.ccag.gateway.bedrock.BedrockOperation;
import dev.ccag.gateway.bedrock.LearnedRejections;
import dev.ccag.gateway.bedrock.RejectionParser;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import dev.ccag.gateway.observe.ProxyMetrics;
import dev.ccag.gateway.pool.Candidate;
import dev.ccag.gateway.pool.EndpointRegistry;
import dev.ccag.gateway.pool.Outcome;
import dev.ccag.gateway.pool.RoutePlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One Bedrock call for an exchange, up to the response headers: sends {@code exchange.bedrockRequest}
 * and returns the 2xx response, or throws {@link ApiException} with the error mapped to Anthropic's
 * shape. When Bedrock refuses a beta ("invalid beta flag") or names a field it does not accept, the
 * call is translated again without it and retried once, and the refusal is remembered for that
 * endpoint and model, so a new Claude Code release degrades gracefully instead of failing. Used by
 * the plain invoke step and by tool loops that call Bedrock several times for one client request.
 *
 * <p>Failover: the call walks the exchange's {@link RoutePlan}, starting on the endpoint the exchange
 * is on. A throttle, 5xx or connection failure moves it to the next endpoint (up to
 * {@code ccag.pool.max-attempts} endpoints), with that endpoint's own model id; a client error
 * (validation, access) is answered at once. All of this happens before this method returns, so never
 * after anything reached the client. {@code exchange.endpoint} and {@code exchange.model} always name
 * the endpoint that answered (or failed last), which is what the ledger records.
 */
public final class UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger(UpstreamCall.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final BedrockHttpClient client;
    private final BedrockErrorMapper errorMapper;
    private final LearnedRejections learned;
    private final TranslateStep translate;
    private final ObjectMapper mapper;
    private final ProxyMetrics metrics;
    private final EndpointRegistry pool;
    private final int maxAttempts;

    UpstreamCall(BedrockHttpClient client, BedrockErrorMapper errorMapper, LearnedRejections learned,
            TranslateStep translate, ObjectMapper mapper, ProxyMetrics metrics, EndpointRegistry pool, int maxAttempts) {
        this.client = client;
        this.errorMapper = errorMapper;
        this.learned = learned;
        this.translate = translate;
        this.mapper = mapper;
        this.metrics = metrics;
        this.pool = pool;
        this.maxAttempts = maxAttempts;
    }

    /** One attempt on one endpoint failed; {@code outcome} says whether another endpoint may try. */
    private static final class AttemptFailed extends Exception {
        final ApiError error;
        final Outcome outcome;

        AttemptFailed(ApiError error, Outcome outcome) {
            super(error.message(), null, false, false);
            this.error = error;
            this.outcome = outcome;
        }
    }

    public UpstreamResponse call(ProxyExchange exchange, BedrockOperation operation) {
        exchange.upstreamStartNanos = System.nanoTime();
        RoutePlan plan = exchange.routePlan;
        if (plan == null) { // an exchange that did not go through endpoint selection: its one endpoint
            try {
                return attempt(exchange, operation, true);
            } catch (AttemptFailed f) {
                throw new ApiException(f.error);
            }
        }
        List<Candidate> order = plan.startingAt(exchange.endpoint);
        int attempts = Math.min(order.size(), maxAttempts);
        AttemptFailed lastThrottle = null;
        AttemptFailed last = null;
        for (int i = 0; i < attempts; i++) {
            Candidate candidate = order.get(i);
            exchange.endpoint = candidate.endpoint().bedrock();
            exchange.model = candidate.model();
            long started = System.nanoTime();
            try {
                UpstreamResponse response = attempt(exchange, operation, true);
                pool.report(candidate, Outcome.OK, System.nanoTime() - started);
                return response;
            } catch (AttemptFailed f) {
                pool.report(candidate, f.outcome, System.nanoTime() - started);
                if (!f.outcome.retryElsewhere()) {
                    throw new ApiException(f.error);
                }
                last = f;
                if (f.outcome == Outcome.THROTTLED) lastThrottle = f;
                if (i + 1 < attempts) {
                    pool.failedOver(candidate, f.outcome);
                    log.info("request {}: endpoint {} answered {} ({}); trying {}", exchange.requestId, candidate.endpoint().name(),
                            f.error.status(), f.outcome.wire(), order.get(i + 1).endpoint().name());
                }
            }
        }
        if (attempts == 1) throw new ApiException(last.error); // one endpoint: its own error, as without a pool
        // Several endpoints failed: a throttle tells the client to back off for a while; otherwise all were unavailable.
        if (lastThrottle != null) throw new ApiException(lastThrottle.error);
        throw new ApiException(ApiError.overloaded("Every Amazon Bedrock endpoint that serves " + exchange.requestedModel
                + " failed or is unavailable; please retry", BedrockErrorMapper.OVERLOADED_RETRY_AFTER_SECONDS));
    }

    private UpstreamResponse attempt(ProxyExchange exchange, BedrockOperation operation, boolean mayAdapt) throws AttemptFailed {
        UpstreamResponse upstream;
        try {
            upstream = client.send(exchange.endpoint, operation, exchange.model.bedrockModelId(), exchange.bedrockRequest.body());
        } catch (SocketTimeoutException e) {
            metrics.upstreamError(exchange.endpoint.name(), "timeout");
            log.warn("request {}: Bedrock endpoint {} timed out: {}", exchange.requestId, exchange.endpoint.name(), e.toString());
            throw new AttemptFailed(ApiError.timeout("Amazon Bedrock did not answer in time"), Outcome.UNAVAILABLE);
        } catch (IOException e) {
            metrics.upstreamError(exchange.endpoint.name(), "connection");
            log.warn("request {}: Bedrock endpoint {} unreachable: {}", exchange.requestId, exchange.endpoint.name(), e.toString());
            throw new AttemptFailed(ApiError.overloaded("Amazon Bedrock could not be reached", 5), Outcome.UNAVAILABLE);
        }
        exchange.upstreamHeadersNanos = System.nanoTime();
        if (upstream.status() / 100 == 2) {
            return upstream;
        }
        String errorType = upstream.header("x-amzn-ErrorType");
        String message;
        try (upstream) {
            message = errorMessage(readLimited(upstream));
        }
        if (mayAdapt && upstream.status() == 400 && adapt(exchange, message)) {
            return attempt(exchange, operation, false);
        }
        ApiError mapped = errorMapper.fromInitial(upstream.status(), errorType, message);
        metrics.upstreamError(exchange.endpoint.name(), shortName(errorType, upstream.status()));
        // Bedrock's own text can name accounts and roles: it goes to the log, the client gets the mapped text.
        log.warn("request {}: Bedrock {} answered {} {}: {}", exchange.requestId, exchange.endpoint.name(),
                upstream.status(), errorType, message);
        throw new AttemptFailed(mapped, Outcome.ofMappedStatus(mapped.status()));
    }

    /** Learns from a 400 that names a beta or field, and prepares a second translation without it. */
    private boolean adapt(ProxyExchange exchange, String message) {
        if (message == null) {
            return false;
        }
        String endpoint = exchange.endpoint.name();
        String model = exchange.model.bedrockModelId();
        if (RejectionParser.isInvalidBeta(message) && !exchange.bedrockRequest.forwardedBetas().isEmpty()) {
            learned.rememberBetas(endpoint, model, exchange.bedrockRequest.forwardedBetas(), message);
            log.warn("request {}: Bedrock {} refused betas {} for {}; retrying without them and remembering it",
                    exchange.requestId, endpoint, exchange.bedrockRequest.forwardedBetas(), model);
        } else {
            Optional<String> field = RejectionParser.rejectedFieldPath(message);
            if (field.isEmpty()) {
                return false;
            }
            learned.rememberField(endpoint, model, field.get(), message);
            log.warn("request {}: Bedrock {} refused field {} for {}; retrying without it and remembering it",
                    exchange.requestId, endpoint, field.get(), model);
        }
        metrics.adaptation(endpoint);
        translate.translate(exchange);
        return true;
    }

    private static byte[] readLimited(UpstreamResponse upstream) {
        try (InputStream in = upstream.body()) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private String errorMessage(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode json = mapper.readTree(body);
            JsonNode m = json.has("message") ? json.get("message") : json.get("Message");
            return m == null ? new String(body, java.nio.charset.StandardCharsets.UTF_8) : m.asString();
        } catch (RuntimeException e) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String shortName(String amznErrorType, int status) {
        if (amznErrorType == null || amznErrorType.isEmpty()) {
            return "http_" + status;
        }
        int colon = amznErrorType.indexOf(':');
        return colon > 0 ? amznErrorType.substring(0, colon) : amznErrorType;
    }
}
