package dev.ccag.gateway.bedrock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Bedrock refused lately (betas, body fields), per endpoint and Bedrock model id, so the next
 * request leaves it out instead of paying for a failed call and a retry. Entries expire, because
 * Bedrock learns new betas and fields over time.
 *
 * <p>Thread-safe. Reads are lock-free: each (endpoint, model) holds an immutable state with a
 * precomputed {@link View}, replaced wholesale on writes and on the first read after an expiry.
 */
public final class LearnedRejections {
    public static final String BETA = "beta";
    public static final String FIELD = "field";
    private static final int MAX_REASON = 500;

    /** One remembered refusal, for the operators' view. {@code kind} is {@value #BETA} or {@value #FIELD}. */
    public record Entry(String endpoint, String model, String kind, String value, String reason,
                        Instant learnedAt, Instant expiresAt) {}

    /** What to leave out for one endpoint and model. {@code fieldPaths} use {@code *} for any array index. */
    public record View(Set<String> betas, Set<String> fieldPaths) {
        public static final View EMPTY = new View(Set.of(), Set.of());

        public boolean isEmpty() {
            return betas.isEmpty() && fieldPaths.isEmpty();
        }
    }

    /** Immutable; {@code validUntil} is the earliest expiry, after which the view must be rebuilt. */
    private record State(List<Entry> entries, View view, Instant validUntil) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Map<String, State>> byEndpoint = new ConcurrentHashMap<>();

    public LearnedRejections(Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** One hour, system clock. */
    public LearnedRejections() {
        this(Duration.ofHours(1), Clock.systemUTC());
    }

    public View view(String endpoint, String bedrockModelId) {
        Map<String, State> models = byEndpoint.get(endpoint);
        if (models == null) return View.EMPTY;
        State state = models.get(bedrockModelId);
        if (state == null) return View.EMPTY;
        Instant now = clock.instant();
        if (now.isBefore(state.validUntil())) return state.view();
        State pruned = models.computeIfPresent(bedrockModelId, (k, s) -> build(s.entries(), now));
        return pruned == null ? View.EMPTY : pruned.view();
    }

    public void rememberBetas(String endpoint, String bedrockModelId, Collection<String> betas, String reason) {
        for (String beta : betas) remember(endpoint, bedrockModelId, BETA, beta, reason);
    }

    public void rememberField(String endpoint, String bedrockModelId, String fieldPath, String reason) {
        remember(endpoint, bedrockModelId, FIELD, fieldPath, reason);
    }

    /** Every live entry, oldest first. */
    public List<Entry> snapshot() {
        Instant now = clock.instant();
        List<Entry> out = new ArrayList<>();
        for (Map<String, State> models : byEndpoint.values()) {
            for (State s : models.values()) {
                for (Entry e : s.entries()) {
                    if (now.isBefore(e.expiresAt())) out.add(e);
                }
            }
        }
        out.sort(Comparator.comparing(Entry::learnedAt));
        return out;
    }

    private void remember(String endpoint, String model, String kind, String value, String reason) {
        Instant now = clock.instant();
        Entry fresh = new Entry(endpoint, model, kind, value, shorten(AccountRedactor.redact(reason)), now, now.plus(ttl));
        byEndpoint.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
                .compute(model, (k, s) -> {
                    List<Entry> entries = new ArrayList<>();
                    if (s != null) {
                        for (Entry e : s.entries()) {
                            if (!(e.kind().equals(kind) && e.value().equals(value))) entries.add(e);
                        }
                    }
                    entries.add(fresh);
                    return build(entries, now);
                });
    }

    /** Drops expired entries; null (which removes the mapping) when none are left. */
    private static State build(List<Entry> entries, Instant now) {
        List<Entry> live = new ArrayList<>(entries.size());
        Set<String> betas = new HashSet<>();
        Set<String> fields = new HashSet<>();
        Instant validUntil = Instant.MAX;
        for (Entry e : entries) {
            if (!now.isBefore(e.expiresAt())) continue;
            live.add(e);
            (BETA.equals(e.kind()) ? betas : fields).add(e.value());
            if (e.expiresAt().isBefore(validUntil)) validUntil = e.expiresAt();
        }
        if (live.isEmpty()) return null;
        return new State(List.copyOf(live), new View(Set.copyOf(betas), Set.copyOf(fields)), validUntil);
    }

    private static String shorten(String reason) {
        if (reason == null) return "";
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
