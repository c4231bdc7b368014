package dev.ccag.gateway.pool;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.UnknownModelException;
import dev.ccag.gateway.notify.NotificationEvent;
import dev.ccag.gateway.notify.Notifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint pool of this replica. The request path calls {@link #plan} (a volatile read and
 * in-memory ordering) and {@link #report}; {@link #apply} swaps in a new set of endpoints built
 * completely beforehand, so requests never see a gap or a default route while clients are rebuilt.
 * Requests in flight keep the endpoint objects they started with; replaced credentials are closed
 * only after {@link #retireAfter}.
 */
public final class EndpointRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointRegistry.class);
    /** Notifications of one endpoint's cool-downs within this period are one event across replicas. */
    private static final long NOTIFY_BUCKET_SECONDS = 300;

    private final ModelResolver resolver;
    private final HealthSettings healthSettings;
    private final Strategy defaultStrategy;
    private final EndpointSpec environmentDefault;
    private final BedrockEndpoint environmentEndpoint;
    private final PoolMetrics metrics;
    private final Notifier notifier;
    private final LongSupplier nanos;
    private final Duration retireAfter;
    private final ScheduledExecutorService retirer;

    private volatile PoolSnapshot snapshot = new PoolSnapshot(List.of());
    private volatile RoutingOverrides overrides = RoutingOverrides.NONE;
    /** Every configured endpoint, enabled or not, for the admin API; empty means the environment default serves. */
    private volatile List<EndpointSpec> configured = List.of();

    /**
     * @param environmentEndpoint the endpoint from the AWS environment (AWS_REGION, default credentials,
     *                            AWS_ENDPOINT_URL_BEDROCK_RUNTIME) that serves while no endpoint is configured
     */
    public EndpointRegistry(ModelResolver resolver, HealthSettings healthSettings, Strategy defaultStrategy,
            BedrockEndpoint environmentEndpoint, PoolMetrics metrics, Notifier notifier, LongSupplier nanos, Duration retireAfter) {
        this.resolver = resolver;
        this.healthSettings = healthSettings;
        this.defaultStrategy = defaultStrategy;
        this.environmentEndpoint = environmentEndpoint;
        this.environmentDefault = new EndpointSpec(environmentEndpoint.name(), environmentEndpoint.region(),
                environmentEndpoint.baseUri().toString(), CredentialsSpec.defaultChain(), 1, Tier.PRIMARY, true, null, Map.of(), List.of(),
                EndpointSpec.ENVIRONMENT);
        this.metrics = metrics;
        this.notifier = notifier;
        this.nanos = nanos;
        this.retireAfter = retireAfter;
        this.retirer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccag-pool-retire");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes {@code specs} the pool. Endpoints whose spec is unchanged are kept as they are (health,
     * credentials, caches); changed ones are rebuilt, keeping their health when they still point at
     * the same account and address. Nothing is swapped in until every endpoint is built.
     *
     * @throws RuntimeException when an endpoint cannot be built; the current pool then stays
     */
    public synchronized void apply(List<EndpointSpec> specs, RoutingOverrides routing) {
        PoolSnapshot old = snapshot;
        Map<String, PoolEndpoint> current = new HashMap<>();
        for (PoolEndpoint e : old.endpoints()) current.put(e.name(), e);

        List<PoolEndpoint> next = new ArrayList<>();
        List<PoolEndpoint> built = new ArrayList<>();
        try {
            if (specs.isEmpty()) {
                PoolEndpoint same = current.get(environmentDefault.name());
                next.add(same != null && same.spec().equals(environmentDefault) ? same
                        : new PoolEndpoint(environmentDefault, environmentEndpoint, new EndpointHealth(healthSettings, nanos),
                                new ManagedCredentials(environmentEndpoint.credentials(), List.of())));
            }
            for (EndpointSpec spec : specs) {
                if (!spec.enabled()) continue;
                PoolEndpoint existing = current.get(spec.name());
                if (existing != null && existing.spec().equals(spec)) {
                    next.add(existing);
                    continue;
                }
                EndpointHealth health = existing != null && existing.spec().sameTarget(spec) ? existing.health()
                        : new EndpointHealth(healthSettings, nanos);
                PoolEndpoint fresh = build(spec, health);
                built.add(fresh);
                next.add(fresh);
            }
        } catch (RuntimeException e) {
            built.forEach(b -> b.credentials().close());
            throw e;
        }
        snapshot = new PoolSnapshot(next);
        overrides = routing;
        configured = List.copyOf(specs);

        Set<String> kept = new HashSet<>();
        for (PoolEndpoint e : next) kept.add(e.name());
        metrics.trackStates(kept, this::gaugeValue);
        Set<PoolEndpoint> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        live.addAll(next);
        for (PoolEndpoint e : old.endpoints()) {
            if (!live.contains(e)) retire(e);
        }
        if (!built.isEmpty() || old.endpoints().size() != next.size()) {
            log.info("endpoint pool: {}", describe(next));
        }
    }

    private PoolEndpoint build(EndpointSpec spec, EndpointHealth health) {
        ManagedCredentials credentials = ManagedCredentials.build(spec.credentials(), spec.region());
        BedrockEndpoint bedrock = new BedrockEndpoint(spec.name(), spec.region(), spec.baseUri(), credentials.provider(),
                new EndpointProfile(spec.name(), spec.region(), spec.profilePrefix(), spec.modelPrefixes()));
        return new PoolEndpoint(spec, bedrock, health, credentials);
    }

    /** Closes a replaced endpoint's credentials once requests that may still sign with them are over. */
    private void retire(PoolEndpoint e) {
        if (e.credentials().resources().isEmpty()) return;
        retirer.schedule(e.credentials()::close, retireAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The endpoints for one request, best first.
     *
     * @param routingKey who the request is for (sticky routing keeps each key on one endpoint)
     * @throws UnknownModelException when the id is no model
     * @throws NoEndpointException   when no enabled endpoint serves it
     */
    public RoutePlan plan(String requestedModel, String routingKey, Strategy strategy) throws UnknownModelException, NoEndpointException {
        return Router.plan(snapshot.eligible(requestedModel, resolver), strategy, routingKey);
    }

    public Strategy strategyFor(String keyId, String teamId) {
        return overrides.resolve(keyId, teamId, defaultStrategy);
    }

    public Strategy defaultStrategy() {
        return defaultStrategy;
    }

    public RoutingOverrides overrides() {
        return overrides;
    }

    /**
     * Feeds one call's outcome into the endpoint's health and metrics. A call that sends the endpoint
     * into cool-down is logged and published as {@code endpoint.throttling}.
     */
    public void report(Candidate candidate, Outcome outcome, long nanosToHeaders) {
        PoolEndpoint e = candidate.endpoint();
        metrics.attempt(e.name(), outcome, nanosToHeaders);
        if (!outcome.retryElsewhere()) {
            e.health().success(); // it answered; a client error says nothing against the endpoint
            return;
        }
        if (e.health().failure()) {
            EndpointHealth.View v = e.health().view();
            metrics.cooldown(e.name());
            log.warn("endpoint {} ({}) cools down for {} ms after {} failures in {} attempts (last: {})", e.name(), e.spec().region(),
                    v.coolingNanosLeft() / 1_000_000, v.windowFailures(), v.windowAttempts(), outcome.wire());
            publishCooldown(e, v);
        }
    }

    /** The next endpoint takes over: counted under the endpoint that failed. */
    public void failedOver(Candidate from, Outcome reason) {
        metrics.failover(from.endpoint().name(), reason);
    }

    private void publishCooldown(PoolEndpoint e, EndpointHealth.View v) {
        Instant now = Instant.now();
        long bucket = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), NOTIFY_BUCKET_SECONDS);
        try {
            notifier.publish(new NotificationEvent(NotificationEvent.ENDPOINT_THROTTLING,
                    NotificationEvent.ENDPOINT_THROTTLING + "/" + e.name() + "/" + Instant.ofEpochSecond(bucket), now,
                    Map.of("endpoint", e.name(), "region", e.spec().region(), "failures", v.windowFailures(),
                            "attempts", v.windowAttempts(), "cooldown_ms", v.coolingNanosLeft() / 1_000_000),
                    "Bedrock endpoint " + e.name() + " (" + e.spec().region() + ") is throttling or failing: " + v.windowFailures()
                            + " of " + v.windowAttempts() + " calls failed; it cools down and takes no traffic while others can serve"));
        } catch (RuntimeException ex) {
            log.warn("could not publish endpoint.throttling for {}: {}", e.name(), ex.toString());
        }
    }

    /** Health of an enabled endpoint by name, or null when it is not in the pool. */
    public EndpointHealth.View health(String name) {
        PoolEndpoint e = snapshot.byName(name);
        return e == null ? null : e.health().view();
    }

    /** Every configured endpoint (disabled ones too); when none is, the environment's endpoint. */
    public List<EndpointSpec> configured() {
        return configured.isEmpty() ? List.of(environmentDefault) : configured;
    }

    public List<String> enabledNames() {
        return snapshot.endpoints().stream().map(PoolEndpoint::name).toList();
    }

    private double gaugeValue(String name) {
        PoolEndpoint e = snapshot.byName(name);
        return e == null ? Double.NaN : e.health().status().gaugeValue();
    }

    private static String describe(List<PoolEndpoint> endpoints) {
        StringBuilder b = new StringBuilder();
        for (PoolEndpoint e : endpoints) {
            if (!b.isEmpty()) b.append(", ");
            b.append(e.name()).append(" (").append(e.spec().region()).append(", ").append(e.spec().tier().wire())
                    .append(", weight ").append(e.spec().weight()).append(")");
        }
        return b.isEmpty() ? "no enabled endpoint" : b.toString();
    }

    @Override
    public void close() {
        retirer.shutdownNow();
        for (PoolEndpoint e : snapshot.endpoints()) e.credentials().close();
    }
}
