package dev.ccag.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database keys without the database on the hot path: an in-memory table hash -> principal, loaded in
 * full at start (and periodically) and refreshed incrementally from rows whose key or owner changed
 * since the last refresh. Expiry and rotation grace are checked at lookup, so they need no refresh.
 * Keys from configuration ({@code ccag.auth.keys}) are accepted beside the database ones.
 */
public final class DatabaseAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(DatabaseAuthenticator.class);
    /** Re-read this far behind the newest change seen, for transactions that commit a little late or clocks a little apart. */
    static final Duration OVERLAP = Duration.ofSeconds(5);

    private record Entry(Principal principal, Instant expiresAt, Instant graceEndsAt) {}

    private final KeyHasher hasher;
    private final ApiKeyRepository keys;
    private final LastUsedTracker lastUsed;
    private final Clock clock;
    private final Map<String, Principal> configured;
    private volatile Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> hashesByKey = new ConcurrentHashMap<>();
    private Instant watermark = Instant.EPOCH;

    public DatabaseAuthenticator(KeyHasher hasher, ApiKeyRepository keys, LastUsedTracker lastUsed, Clock clock, Map<String, Principal> configured) {
        this.hasher = hasher;
        this.keys = keys;
        this.lastUsed = lastUsed;
        this.clock = clock;
        this.configured = Map.copyOf(configured);
    }

    @Override
    public Optional<Principal> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        String hash = hasher.hash(presentedKey);
        Entry e = byHash.get(hash);
        if (e == null) {
            return Optional.ofNullable(configured.get(hash));
        }
        Instant now = clock.instant();
        if ((e.expiresAt() != null && !now.isBefore(e.expiresAt())) || (e.graceEndsAt() != null && !now.isBefore(e.graceEndsAt()))) {
            return Optional.empty();
        }
        lastUsed.touch(e.principal().keyId());
        return Optional.of(e.principal());
    }

    /** Replaces the whole table. */
    public synchronized void reloadAll() {
        Instant newest = keys.latestChange();
        Map<String, Entry> hashes = new ConcurrentHashMap<>();
        Map<String, List<String>> byKey = new ConcurrentHashMap<>();
        List<ApiKeyRepository.AuthRow> rows = keys.authRowsAll();
        for (ApiKeyRepository.AuthRow row : rows) {
            put(row, hashes, byKey);
        }
        byHash = hashes;
        hashesByKey = byKey;
        watermark = newest;
        log.debug("loaded {} API keys", rows.size());
    }

    /** Applies keys (and owners) changed since the last refresh. */
    public synchronized void refresh() {
        List<ApiKeyRepository.AuthRow> rows = keys.authRowsChangedSince(watermark.minus(OVERLAP));
        Instant newest = watermark;
        for (ApiKeyRepository.AuthRow row : rows) {
            // New entries go in before stale ones come out: a concurrent lookup of a key that is still
            // valid must never find the map without it (seen as a stray 401 under load).
            List<String> old = hashesByKey.remove(row.id());
            put(row, byHash, hashesByKey);
            if (old != null) {
                List<String> current = hashesByKey.getOrDefault(row.id(), List.of());
                for (String hash : old) {
                    if (!current.contains(hash)) byHash.remove(hash);
                }
            }
            if (row.changedAt().isAfter(newest)) {
                newest = row.changedAt();
            }
        }
        watermark = newest;
    }

    public int size() {
        return byHash.size();
    }

    private void put(ApiKeyRepository.AuthRow row, Map<String, Entry> hashes, Map<String, List<String>> byKey) {
        if (row.revokedAt() != null || Boolean.FALSE.equals(row.ownerActive())) {
            return;
        }
        Principal principal = new Principal(row.id(), row.display(), row.ownerUserId(), row.teamId(), row.kind(),
                row.allowedModels() != null ? row.allowedModels() : row.ownerModels(),
                tighter(row.maxRpm(), row.ownerRpm()), tighter(row.maxTpm(), row.ownerTpm()));
        List<String> own = new ArrayList<>(2);
        hashes.put(row.keyHash(), new Entry(principal, row.expiresAt(), null));
        own.add(row.keyHash());
        if (row.previousHash() != null && row.previousExpiresAt() != null && clock.instant().isBefore(row.previousExpiresAt())) {
            hashes.put(row.previousHash(), new Entry(principal, row.expiresAt(), row.previousExpiresAt()));
            own.add(row.previousHash());
        }
        byKey.put(row.id(), own);
    }

    private static Integer tighter(Integer a, Integer b) {
        if (a == null) return b;
        if (b == null) return a;
        return Math.min(a, b);
    }
}
