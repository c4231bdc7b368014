package dev.ccag.gateway.pool;

import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.ResolvedModel;
import dev.ccag.gateway.bedrock.UnknownModelException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled endpoints at one moment, immutable: a change builds a new snapshot and swaps it in,
 * so a request sees either the old pool or the new one, never a half-built one. Per model, the
 * endpoints that serve it are worked out once and cached here.
 */
final class PoolSnapshot {
    private static final int MAX_CACHED_MODELS = 1000;
    /** Used only to tell an unknown model id from one no endpoint serves. */
    private static final EndpointProfile NEUTRAL = new EndpointProfile("none", "us-east-1", null, Map.of());
    /** Tier first, then heavier endpoints, then by name: the primary/fallback order, and the base order of the others. */
    static final Comparator<PoolEndpoint> ORDER = Comparator.<PoolEndpoint, Tier>comparing(e -> e.spec().tier())
            .thenComparing(e -> -e.spec().weight()).thenComparing(PoolEndpoint::name);

    /**
     * The endpoints serving one model, in {@link #ORDER}.
     *
     * @param topTier the best tier among them: the one that takes traffic while it is healthy
     */
    record Eligible(List<Candidate> candidates, Tier topTier, Map<Long, WeightedSchedule> schedules) {}

    private final List<PoolEndpoint> endpoints;
    private final Map<String, Eligible> byModel = new ConcurrentHashMap<>();

    PoolSnapshot(List<PoolEndpoint> endpoints) {
        List<PoolEndpoint> sorted = new ArrayList<>(endpoints);
        sorted.sort(ORDER);
        this.endpoints = List.copyOf(sorted);
    }

    List<PoolEndpoint> endpoints() {
        return endpoints;
    }

    PoolEndpoint byName(String name) {
        for (PoolEndpoint e : endpoints) {
            if (e.name().equals(name)) return e;
        }
        return null;
    }

    Eligible eligible(String requested, ModelResolver resolver) throws UnknownModelException, NoEndpointException {
        Eligible cached = byModel.get(requested);
        if (cached == null) {
            resolver.resolve(requested, NEUTRAL); // throws for ids that are no model at all
            List<Candidate> list = new ArrayList<>();
            for (PoolEndpoint e : endpoints) {
                Optional<ResolvedModel> m = e.resolve(requested, resolver);
                m.ifPresent(model -> list.add(new Candidate(e, model)));
            }
            cached = new Eligible(List.copyOf(list), list.isEmpty() ? Tier.PRIMARY : list.getFirst().endpoint().spec().tier(),
                    new ConcurrentHashMap<>());
            if (byModel.size() < MAX_CACHED_MODELS) byModel.put(requested, cached);
        }
        if (cached.candidates().isEmpty()) throw new NoEndpointException(requested);
        return cached;
    }
}
