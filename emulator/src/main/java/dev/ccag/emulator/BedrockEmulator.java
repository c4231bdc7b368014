package dev.ccag.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Amazon Bedrock Runtime, for tests and demos. <b>This is NOT Amazon Bedrock</b>: it
 * answers from scripts, never runs a model, and knows only what its authors wrote into it.
 *
 * <p>It speaks Bedrock's wire protocol closely enough for the AWS SDK to use it unchanged: SigV4 (or
 * bearer) authentication, InvokeModel, InvokeModelWithResponseStream with real AWS event-stream
 * frames, CountTokens, Bedrock's request validation and error shapes. Replies are chosen by
 * {@code [[emu:…]]} directives in the prompt (see emulator/README.md) or queued through
 * {@link #queueFault}. Each instance is independent (own port, state and embedded Tomcat with
 * virtual threads), so one JVM can run several, e.g. one per simulated region.
 */
public final class BedrockEmulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BedrockEmulator.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EmulatorSettings settings;
    private final EmulatorState state;
    private final Tomcat tomcat;
    private final Path baseDir;
    private final int port;

    private BedrockEmulator(EmulatorSettings settings) {
        this.settings = settings;
        this.state = new EmulatorState(settings.requestLogSize());
        ThinkingSigner signer = new ThinkingSigner(settings.thinkingKey());
        ModelResolver resolver = new ModelResolver(ModelCatalog.load(settings.modelsFile()),
                settings.applicationProfileModel(), settings.applicationProfiles());
        ModelHandler models = new ModelHandler(resolver, new RequestValidator(signer),
                new ReplyPlanner(signer, settings.streamChunks(), settings.streamPaceMs(), settings.replyWords()),
                new TokenEstimator(state.promptCache), state);
        EmulatorServlet servlet = new EmulatorServlet(new Authenticator(settings, Clock.systemUTC()), models,
                new ControlApi(state), state);
        try {
            keepCatalinaHome();
            this.baseDir = Files.createTempDirectory("ccag-emulator-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.tomcat = tomcat(settings, servlet, baseDir);
        this.port = tomcat.getConnector().getLocalPort();
    }

    /** Starts an emulator with the default settings on a free loopback port. */
    public static BedrockEmulator start() {
        return start(EmulatorSettings.defaults());
    }

    public static BedrockEmulator start(EmulatorSettings settings) {
        BedrockEmulator emulator = new BedrockEmulator(settings);
        log.info(emulator.startupLine());
        return emulator;
    }

    public int port() {
        return port;
    }

    /** The base URL to give the AWS SDK as {@code endpointOverride}. */
    public URI endpoint() {
        String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]" : settings.bindAddress();
        return URI.create("http://" + host + ":" + port);
    }

    public String accessKeyId() {
        return settings.credentials().isEmpty() ? EmulatorSettings.DEFAULT_ACCESS_KEY_ID : settings.credentials().getFirst().accessKeyId();
    }

    public String secretAccessKey() {
        return settings.credentials().isEmpty() ? EmulatorSettings.DEFAULT_SECRET_ACCESS_KEY : settings.credentials().getFirst().secretAccessKey();
    }

    public EmulatorSettings settings() {
        return settings;
    }

    /**
     * Makes the next {@code count} InvokeModel / InvokeModelWithResponseStream calls fail (CountTokens
     * is not affected). {@code midstream} faults fail a stream after a few events and a non-stream
     * call before its first byte.
     *
     * @param fault e.g. {@code throttling}, {@code service-unavailable}, {@code internal}, {@code model-timeout},
     *              {@code model-not-ready}, {@code quota}, {@code access-denied}, {@code validation},
     *              {@code model-error}, {@code too-long}; midstream: {@code throttling}, {@code model-stream-error},
     *              {@code internal}, {@code model-timeout}, {@code service-unavailable}, {@code validation}
     */
    public void queueFault(String fault, int count, boolean midstream) {
        state.faults.add(fault, count, midstream);
    }

    /**
     * How many queued faults no call has consumed yet. Tests use it to count exactly how many calls
     * failed, which the request log cannot tell when a call was already in flight as the faults were queued.
     */
    public int queuedFaults() {
        return state.faults.size();
    }

    /** Makes these betas "invalid beta flag" for every model until {@link #reset()}. */
    public void rejectBetas(String... betas) {
        state.rejectBetas(List.of(betas));
    }

    /** The recent model requests, oldest first (bounded by {@link EmulatorSettings#requestLogSize()}). */
    public List<RecordedRequest> requests() {
        return state.requests.all();
    }

    /** The newest model request, or null if none arrived. */
    public RecordedRequest lastRequest() {
        return state.requests.newest();
    }

    /**
     * The input tokens the emulator reports for an InvokeModel body when nothing is cached (what
     * CountTokens answers), so tests can check a gateway's usage arithmetic call by call.
     */
    public static long inputTokens(tools.jackson.databind.JsonNode invokeBody) {
        return new TokenEstimator(new PromptCache(1)).count(invokeBody);
    }

    /** How many response streams the client broke off before their last frame (since start or {@link #reset()}). */
    public int abortedStreams() {
        return state.abortedStreams.get();
    }

    /** Forgets queued faults, rejected betas, recorded requests, the aborted-stream count and the prompt cache. */
    public void reset() {
        state.reset();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            log.warn("emulator: stopping Tomcat failed: {}", e.toString());
        }
        deleteQuietly(baseDir);
    }

    String startupLine() {
        String auth = settings.sigv4Enabled()
                ? "SigV4 verified: access key id " + accessKeyId() + ", secret " + secretAccessKey() + ", any region, service 'bedrock'"
                        + (settings.bearerKeys().isEmpty() ? "" : "; or Authorization: Bearer <configured key>")
                : "authentication NOT checked";
        return "CCAG Bedrock emulator (a test and demo tool, NOT Amazon Bedrock) listening on " + endpoint() + " [" + auth + "]";
    }

    /**
     * Tomcat makes the first instance's base directory the JVM's {@code catalina.home} and every later
     * instance needs it to exist. An emulator deletes its base directory on close, so a test JVM that
     * started one first would have a later Tomcat (another emulator's, or the gateway's) fail to
     * recreate the home while that deletion runs. One home of its own, kept until the JVM exits.
     */
    private static synchronized void keepCatalinaHome() throws IOException {
        if (System.getProperty("catalina.home") != null) return;
        Path home = Files.createTempDirectory("ccag-emulator-home-");
        home.toFile().deleteOnExit();
        System.setProperty("catalina.home", home.toString());
    }

    private static Tomcat tomcat(EmulatorSettings settings, EmulatorServlet servlet, Path baseDir) {
        int n = INSTANCES.incrementAndGet();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getService().setName("ccag-emulator-" + n);
        tomcat.getEngine().setName("ccag-emulator-" + n);
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(settings.port());
        connector.setProperty("address", settings.bindAddress());
        // Application-inference-profile ARNs arrive with their '/' encoded as %2F: keep it as sent.
        connector.setEncodedSolidusHandling("passthrough");
        connector.setProperty("maxKeepAliveRequests", "-1");
        // The SDK's async (Netty) client speaks HTTP/2 with prior knowledge, as Bedrock allows; HTTP/1.1 stays the default.
        connector.addUpgradeProtocol(new Http2Protocol());
        ((AbstractProtocol<?>) connector.getProtocolHandler()).setExecutor(new VirtualThreadExecutor("ccag-emulator-" + n + "-"));
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "bedrock", servlet);
        context.addServletMappingDecoded("/", "bedrock");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("emulator: Tomcat did not start", e);
        }
        if (connector.getState() != LifecycleState.STARTED) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException ignored) {
                // already failing; the exception below names the cause
            }
            throw new IllegalStateException("emulator: cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (port in use?)");
        }
        return tomcat;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
