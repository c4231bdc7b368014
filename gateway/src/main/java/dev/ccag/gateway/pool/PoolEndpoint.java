package dev.ccag.gateway.pool;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.ResolvedModel;
import dev.ccag.gateway.bedrock.UnknownModelException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One endpoint of the pool at run time: its spec, the {@link BedrockEndpoint} the client signs for,
 * its health, and the models it serves. Immutable but for health and the model cache; a change of
 * spec makes a new instance, while requests in flight keep the one they started with.
 */
public final class PoolEndpoint {
    private static final int MAX_CACHED_MODELS = 1000;
    /** Cache entry for a model this endpoint does not serve. */
    private static final Optional<ResolvedModel> NOT_SERVED = Optional.empty();

    private final EndpointSpec spec;
    private final BedrockEndpoint bedrock;
    private final EndpointHealth health;
    private final ManagedCredentials credentials;
    private final long nameHash;
    private final Map<String, Optional<ResolvedModel>> models = new ConcurrentHashMap<>();

    PoolEndpoint(EndpointSpec spec, BedrockEndpoint bedrock, EndpointHealth health, ManagedCredentials credentials) {
        this.spec = spec;
        this.bedrock = bedrock;
        this.health = health;
        this.credentials = credentials;
        this.nameHash = Rendezvous.hash(spec.name());
    }

    public String name() {
        return spec.name();
    }

    public EndpointSpec spec() {
        return spec;
    }

    public BedrockEndpoint bedrock() {
        return bedrock;
    }

    public EndpointHealth health() {
        return health;
    }

    ManagedCredentials credentials() {
        return credentials;
    }

    long nameHash() {
        return nameHash;
    }

    /**
     * This endpoint's Bedrock model for what the client asked for, or empty when it does not serve it.
     * Cached per requested id: the answer depends only on the catalog and this (immutable) spec.
     *
     * @throws UnknownModelException when the id is not a model at all
     */
    Optional<ResolvedModel> resolve(String requested, ModelResolver resolver) throws UnknownModelException {
        Optional<ResolvedModel> cached = models.get(requested);
        if (cached != null) return cached;
        Optional<ResolvedModel> resolved = resolveUncached(requested, resolver);
        if (models.size() < MAX_CACHED_MODELS) models.put(requested, resolved);
        return resolved;
    }

    private Optional<ResolvedModel> resolveUncached(String requested, ModelResolver resolver) throws UnknownModelException {
        ResolvedModel base = resolver.resolve(requested, bedrock.profile());
        if (spec.models().isEmpty()) return Optional.of(base);
        String bare = base.contextOneMillion() ? requested.trim().substring(0, requested.trim().length() - 4).trim() : requested.trim();
        for (ModelEntry entry : spec.models()) {
            if (entry.matches(base.anthropicId()) || entry.matches(bare)) {
                if (entry.prefix() == null) return Optional.of(base);
                Map<String, String> prefixes = new HashMap<>(bedrock.profile().modelPrefixes());
                prefixes.put(base.anthropicId(), entry.prefix());
                prefixes.put(bare, entry.prefix());
                EndpointProfile p = bedrock.profile();
                return Optional.of(resolver.resolve(requested, new EndpointProfile(p.name(), p.region(), p.defaultPrefix(), prefixes)));
            }
        }
        return NOT_SERVED;
    }
}
