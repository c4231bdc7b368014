package dev.ccag.gateway.keys;

import dev.ccag.gateway.accounts.Db;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.accounts.UserRepository;
import dev.ccag.gateway.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a fresh install usable: when there are no users, creates the admin ({@code ccag.bootstrap.admin-email})
 * with one admin key — the configured {@code ccag.auth.bootstrap-key}, else the hash a pre-database install kept
 * in the data dir, else a generated key shown once. Replicas starting together race on the unique email: the
 * loser's insert fails and it simply uses what the winner created.
 */
@Component
public class AccountBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);
    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    AccountBootstrap(UserRepository users, ApiKeyRepository keys, AuditLog audit, TransactionTemplate tx) {
        this.users = users;
        this.keys = keys;
        this.audit = audit;
        this.tx = tx;
    }

    public BootstrapKey ensure(String configuredKey, Path dataDir, String adminEmail, KeyHasher hasher, boolean demo) throws IOException {
        String configured = configuredKey == null || configuredKey.isBlank() ? null : configuredKey.trim();
        if (users.any()) {
            return existingInstall(configured, hasher, demo);
        }
        Path legacy = dataDir.resolve(BootstrapKey.LEGACY_HASH_FILE);
        String legacyLine = configured == null ? KeyMaterial.readIfExists(legacy) : null;
        String plaintext = null;
        String hash;
        String display;
        if (configured != null) {
            hash = hasher.hash(configured);
            display = ApiKeyFormat.displayForm(configured);
        } else if (legacyLine != null) {
            String[] parts = legacyLine.split(" ", 2);
            hash = parts[0];
            display = parts.length > 1 ? parts[1] : "bootstrap";
        } else {
            plaintext = ApiKeyFormat.generate();
            hash = hasher.hash(plaintext);
            display = ApiKeyFormat.displayForm(plaintext);
        }
        try {
            createAdmin(UserRepository.normalizeEmail(adminEmail), hash, display);
        } catch (DuplicateKeyException e) {
            log.info("another replica created the first admin at the same time; using it");
            return existingInstall(configured, hasher, demo);
        }
        if (legacyLine != null) {
            Files.deleteIfExists(legacy); // the database holds the hash now
            log.info("moved the bootstrap key hash from {} into the database", legacy.getFileName());
        }
        log.info("created the first admin {} with admin key {}", adminEmail, display);
        return new BootstrapKey(hash, display, plaintext != null ? plaintext : demo ? configured : null);
    }

    private BootstrapKey existingInstall(String configured, KeyHasher hasher, boolean demo) {
        if (configured != null) {
            String hash = hasher.hash(configured);
            if (!keys.hashExists(hash)) {
                if (demo) {
                    // Demo mode announces this key as ready to paste: it must work even on a data dir used before.
                    addDemoKey(hash, ApiKeyFormat.displayForm(configured));
                } else {
                    log.warn("ccag.auth.bootstrap-key is ignored: the database already has users, and the bootstrap key only seeds a fresh install");
                }
            }
            return new BootstrapKey(hash, ApiKeyFormat.displayForm(configured), demo ? configured : null);
        }
        return new BootstrapKey(null, keys.firstAdminKeyDisplay().orElse("(see the admin API)"), null);
    }

    private void addDemoKey(String hash, String display) {
        users.firstActiveAdmin().ifPresentOrElse(admin -> tx.executeWithoutResult(status -> {
            Instant now = Db.now();
            ApiKey key = new ApiKey(UUID.randomUUID().toString(), display, "demo", ApiKey.ADMIN, admin.id(), null,
                    null, null, null, null, now, now, null, null, null, null);
            keys.insert(key, hash);
            audit.record(null, "key.create", "key", key.id(), null, key);
        }), () -> log.warn("demo key not registered: no active admin"));
    }

    private void createAdmin(String email, String hash, String display) {
        tx.executeWithoutResult(status -> {
            Instant now = Db.now();
            User admin = new User(UUID.randomUUID().toString(), email, "Administrator", "admin", true, null, null, null, null, null, now, now);
            users.insert(admin);
            ApiKey key = new ApiKey(UUID.randomUUID().toString(), display, "bootstrap", ApiKey.ADMIN, admin.id(), null,
                    null, null, null, null, now, now, null, null, null, null);
            keys.insert(key, hash);
            audit.record(null, "user.create", "user", admin.id(), null, admin);
            audit.record(null, "key.create", "key", key.id(), null, key);
        });
    }
}
