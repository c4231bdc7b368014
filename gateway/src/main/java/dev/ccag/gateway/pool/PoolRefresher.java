package dev.ccag.gateway.pool;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's pool in step with the database: {@link #poll} (about once a second, off the
 * request threads) reads the one-row generation and reloads only when it moved; the replica that
 * made a change calls {@link #reload} itself. A reload that fails leaves the current pool serving.
 */
public final class PoolRefresher {
    private static final Logger log = LoggerFactory.getLogger(PoolRefresher.class);
    private final EndpointStore store;
    private final EndpointRegistry registry;
    private long applied = -1;

    public PoolRefresher(EndpointStore store, EndpointRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public synchronized void poll() {
        if (store.generation() != applied) {
            reload();
        }
    }

    /** Reads the tables and applies them; the generation is read first, so a change racing this one is picked up next time. */
    public synchronized void reload() {
        long generation = store.generation();
        List<EndpointSpec> specs = store.all().stream().map(EndpointStore.Stored::spec).toList();
        registry.apply(specs, store.routing());
        if (applied != -1 && applied != generation) {
            log.debug("endpoint pool reloaded at generation {}", generation);
        }
        applied = generation;
    }

    /** The same as {@link #poll}, for the scheduler: a failure is logged and retried on the next tick. */
    void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("could not refresh the endpoint pool (the current one keeps serving): {}", e.toString());
        }
    }
}
