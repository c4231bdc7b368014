package dev.ccag.gateway.bedrock;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the model id a client sends to the Bedrock model id of one endpoint.
 *
 * <p>Order: strip {@code [1m]}; pass through ARNs, profile ids and {@code anthropic.*} base ids; look
 * the id up in the catalog (ids and aliases); map other {@code claude-*} ids by rule to
 * {@code anthropic.<id>} (Claude Code knows newer ids than any table); anything else is unknown.
 */
public final class ModelResolver {
    private static final String ONE_MILLION_SUFFIX = "[1m]";
    private final ModelCatalog catalog;

    public ModelResolver(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public ResolvedModel resolve(String requestedModel, EndpointProfile endpoint) throws UnknownModelException {
        if (requestedModel == null) throw new UnknownModelException("null");
        String id = requestedModel.trim();
        boolean oneMillion = id.regionMatches(true, Math.max(0, id.length() - ONE_MILLION_SUFFIX.length()),
                ONE_MILLION_SUFFIX, 0, ONE_MILLION_SUFFIX.length()) && id.length() > ONE_MILLION_SUFFIX.length();
        if (oneMillion) id = id.substring(0, id.length() - ONE_MILLION_SUFFIX.length()).trim();
        if (id.isEmpty()) throw new UnknownModelException(requestedModel);

        if (id.startsWith("arn:")) {
            if (!isBedrockArn(id)) throw new UnknownModelException(requestedModel);
            return passThrough(requestedModel, id, recogniseArn(id), oneMillion);
        }
        String profilePrefix = InferenceProfilePrefixes.prefixOf(id);
        if (profilePrefix != null) {
            return passThrough(requestedModel, id, catalog.byBedrockId(id.substring(profilePrefix.length() + 1)), oneMillion);
        }
        if (id.startsWith("anthropic.")) {
            return passThrough(requestedModel, id, catalog.byBedrockId(id), oneMillion);
        }

        ModelSpec spec = catalog.byIdOrAlias(id).orElse(null);
        if (spec == null) {
            String lower = id.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("claude-") || !isPlainId(lower)) throw new UnknownModelException(requestedModel);
            spec = catalog.ruleBased(lower);
        }
        String prefix = prefixFor(spec, id, endpoint);
        String bedrockId = prefix == null ? spec.bedrockId() : prefix + "." + spec.bedrockId();
        return new ResolvedModel(requestedModel, spec.id(), bedrockId, spec, oneMillion);
    }

    /**
     * Per-model override, else the endpoint default, else derived from the region. A derived prefix
     * the model does not offer falls back to global; a model without profiles uses its base id.
     * Explicit operator settings are taken as given: the published profile lists lag reality.
     * Per-model settings are keyed by catalog id, or by the id as the client sent it (e.g. an alias).
     */
    static String prefixFor(ModelSpec spec, String requestedId, EndpointProfile endpoint) {
        Map<String, String> perModel = endpoint.modelPrefixes();
        String configured = perModel.isEmpty() ? null : perModel.getOrDefault(spec.id(), perModel.get(requestedId));
        if (configured == null) configured = endpoint.defaultPrefix();
        if (configured != null && !configured.isBlank()) {
            return configured.equalsIgnoreCase(EndpointProfile.NO_PREFIX) ? null : configured.trim();
        }
        List<String> offered = spec.profilePrefixes();
        if (offered.isEmpty()) return null;
        for (String regional : InferenceProfilePrefixes.forRegion(endpoint.region())) {
            if (offered.contains(regional)) return regional;
        }
        return InferenceProfilePrefixes.GLOBAL;
    }

    private ResolvedModel passThrough(String requested, String id, Optional<ModelSpec> known, boolean oneMillion) {
        ModelSpec spec = known.orElseGet(() -> catalog.unrecognised(id));
        return new ResolvedModel(requested, known.isPresent() ? spec.id() : id, id, spec, oneMillion);
    }

    /** A system profile ARN ends in the profile id; an application profile ARN names nothing we can read. */
    private Optional<ModelSpec> recogniseArn(String arn) {
        int slash = arn.lastIndexOf('/');
        if (slash < 0) return Optional.empty();
        String tail = arn.substring(slash + 1);
        String prefix = InferenceProfilePrefixes.prefixOf(tail);
        if (prefix != null) return catalog.byBedrockId(tail.substring(prefix.length() + 1));
        if (tail.startsWith("anthropic.")) return catalog.byBedrockId(tail);
        return Optional.empty();
    }

    /** {@code arn:aws[-partition]:bedrock:<region>:<account>:<kind>/<id>}, e.g. an application inference profile. */
    private static boolean isBedrockArn(String id) {
        return id.startsWith("arn:aws") && id.contains(":bedrock:") && id.indexOf('/') > 0;
    }

    /** Rule-mapped ids go into a URL path; allow only what Anthropic ids are made of. */
    private static boolean isPlainId(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
