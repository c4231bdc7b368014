package dev.ccag.gateway.keys;

import dev.ccag.gateway.config.CcagProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keys live in the database ({@link DatabaseAuthenticator}); a fresh install gets its first admin and key
 * from {@link AccountBootstrap}. Extra keys given as hashes in {@code ccag.auth.keys} are still accepted,
 * as keys without an owner (they may call models, not the admin API).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KeyCacheProperties.class, BootstrapProperties.class})
public class KeysConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    @Bean
    KeyHasher keyHasher(CcagProperties props) throws IOException {
        return new KeyHasher(KeyMaterial.pepper(props.auth().pepper(), Path.of(props.dataDir())));
    }

    @Bean
    BootstrapKey bootstrapKey(CcagProperties props, BootstrapProperties bootstrap, KeyHasher hasher, AccountBootstrap accounts) throws IOException {
        return accounts.ensure(props.auth().bootstrapKey(), Path.of(props.dataDir()), bootstrap.adminEmail(), hasher, props.demo().enabled());
    }

    /** Flushed once more on shutdown, before the database goes away. */
    @Bean(destroyMethod = "flush")
    LastUsedTracker lastUsedTracker(ApiKeyRepository keys) {
        return new LastUsedTracker(keys, Clock.systemUTC());
    }

    /** Depends on the bootstrap key so the first load already contains it. */
    @Bean
    DatabaseAuthenticator authenticator(CcagProperties props, KeyHasher hasher, ApiKeyRepository keys, LastUsedTracker lastUsed,
            BootstrapKey bootstrap) {
        DatabaseAuthenticator authenticator = new DatabaseAuthenticator(hasher, keys, lastUsed, Clock.systemUTC(), configuredKeys(props));
        authenticator.reloadAll();
        log.info("accepting {} API key hash(es) from the database and {} from configuration", authenticator.size(), props.auth().keys().size());
        return authenticator;
    }

    /** Keeps the key table and last-used times in step with the database, off the request threads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService keyRefresher(DatabaseAuthenticator authenticator, LastUsedTracker lastUsed, KeyCacheProperties cache) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccag-key-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(guarded("refresh API keys", authenticator::refresh),
                cache.refreshInterval().toMillis(), cache.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("reload API keys", authenticator::reloadAll),
                cache.fullReloadInterval().toMillis(), cache.fullReloadInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("record key last use", lastUsed::flush),
                cache.lastUsedFlushInterval().toMillis(), cache.lastUsedFlushInterval().toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // The table keeps serving what it has; the next run retries.
                log.warn("could not {}: {}", what, e.toString());
            }
        };
    }

    private static Map<String, Principal> configuredKeys(CcagProperties props) {
        Map<String, Principal> byHash = new HashMap<>();
        int i = 0;
        for (CcagProperties.ConfiguredKey k : props.auth().keys()) {
            String key = "ccag.auth.keys[" + i++ + "]";
            if (k.hash() == null || !k.hash().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(key + ".hash: must be 64 lower-case hex characters (HMAC-SHA256)");
            }
            String name = k.name() == null || k.name().isBlank() ? key : k.name();
            byHash.put(k.hash(), new Principal(name, name, null, null));
        }
        return byHash;
    }
}
