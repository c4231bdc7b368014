package dev.ccag.gateway.pool;

import dev.ccag.gateway.accounts.Db;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.audit.AuditLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to the endpoint table and routing overrides, each in one transaction with its audit entry
 * and a move of the pool generation (which tells every replica to reload). Callers reload this
 * replica's pool right after, so the change applies here before the response goes out.
 */
public class EndpointAdmin {
    private static final Logger log = LoggerFactory.getLogger(EndpointAdmin.class);
    private final EndpointStore store;
    private final AuditLog audit;

    public EndpointAdmin(EndpointStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @Transactional
    public EndpointStore.Stored create(Actor actor, EndpointSpec spec) {
        store.lockAndBump();
        if (store.find(spec.name()).isPresent()) {
            throw ApiProblem.conflict("an endpoint named " + spec.name() + " exists");
        }
        Instant now = Db.now();
        store.insert(spec, now);
        audit.record(actor, "endpoint.create", "endpoint", spec.name(), null, EndpointView.of(spec, now, now));
        return store.find(spec.name()).orElseThrow();
    }

    @Transactional
    public EndpointStore.Stored update(Actor actor, String name, String action, UnaryOperator<EndpointSpec> change) {
        store.lockAndBump();
        EndpointStore.Stored before = store.find(name).orElseThrow(() -> ApiProblem.notFound("endpoint " + name + " not found"));
        EndpointSpec after = change.apply(before.spec()).withSource(EndpointSpec.ADMIN);
        Instant now = Db.now();
        store.update(after, now);
        requireAnEnabledEndpoint();
        audit.record(actor, action, "endpoint", name, EndpointView.of(before.spec(), before.createdAt(), before.updatedAt()),
                EndpointView.of(after, before.createdAt(), now));
        return store.find(name).orElseThrow();
    }

    @Transactional
    public void delete(Actor actor, String name) {
        store.lockAndBump();
        EndpointStore.Stored before = store.find(name).orElseThrow(() -> ApiProblem.notFound("endpoint " + name + " not found"));
        store.delete(name);
        requireAnEnabledEndpoint();
        audit.record(actor, "endpoint.delete", "endpoint", name, EndpointView.of(before.spec(), before.createdAt(), before.updatedAt()), null);
    }

    /**
     * Requests must never fall back to some default route because of an admin change: a change that
     * would leave no enabled endpoint is refused (rolled back with the rest of the transaction).
     */
    private void requireAnEnabledEndpoint() {
        if (store.all().stream().noneMatch(s -> s.spec().enabled())) {
            throw ApiProblem.conflict("this would leave no enabled endpoint; add or enable another endpoint first");
        }
    }

    @Transactional
    public void setRouting(Actor actor, String scope, String id, Strategy strategy) {
        if (!store.exists(scope, id)) throw ApiProblem.notFound(scope + " " + id + " not found");
        store.lockAndBump();
        String before = store.routing(scope, id).map(Strategy::wire).orElse(null);
        store.saveRouting(scope, id, strategy, Db.now());
        audit.record(actor, "routing.set", "routing", scope + ":" + id, before == null ? null : Map.of("strategy", before), Map.of("strategy", strategy.wire()));
    }

    @Transactional
    public void deleteRouting(Actor actor, String scope, String id) {
        store.lockAndBump();
        Strategy before = store.routing(scope, id).orElseThrow(() -> ApiProblem.notFound("no routing override for " + scope + " " + id));
        store.deleteRouting(scope, id);
        audit.record(actor, "routing.delete", "routing", scope + ":" + id, Map.of("strategy", before.wire()), null);
    }

    /**
     * Writes the YAML's endpoints into the table at start: new ones are inserted, ones still owned by
     * the configuration ({@code source = config}) follow the YAML, and config rows the YAML no longer
     * lists are removed. Rows an admin has changed ({@code source = admin}) are left alone. Replicas
     * starting together serialise on the state row, so this runs once per change.
     *
     * @return true when the table changed
     */
    @Transactional
    public boolean syncFromConfig(List<EndpointSpec> yaml) {
        store.lock();
        Map<String, EndpointStore.Stored> rows = new HashMap<>();
        for (EndpointStore.Stored s : store.all()) rows.put(s.spec().name(), s);
        Instant now = Db.now();
        boolean changed = false;
        Set<String> listed = new HashSet<>();
        for (EndpointSpec spec : yaml) {
            listed.add(spec.name());
            EndpointStore.Stored row = rows.get(spec.name());
            if (row == null) {
                store.insert(spec, now);
                audit.record(null, "endpoint.create", "endpoint", spec.name(), null, EndpointView.of(spec, now, now));
                changed = true;
            } else if (row.spec().source().equals(EndpointSpec.ADMIN)) {
                log.info("endpoint {} is managed through the admin API; its entry in ccag.bedrock.endpoints is not applied", spec.name());
            } else if (!row.spec().equals(spec)) {
                store.update(spec, now);
                audit.record(null, "endpoint.update", "endpoint", spec.name(), EndpointView.of(row.spec(), row.createdAt(), row.updatedAt()),
                        EndpointView.of(spec, row.createdAt(), now));
                changed = true;
            }
        }
        for (EndpointStore.Stored row : rows.values()) {
            if (row.spec().source().equals(EndpointSpec.CONFIG) && !listed.contains(row.spec().name())) {
                store.delete(row.spec().name());
                audit.record(null, "endpoint.delete", "endpoint", row.spec().name(),
                        EndpointView.of(row.spec(), row.createdAt(), row.updatedAt()), null);
                changed = true;
            }
        }
        if (changed) {
            store.lockAndBump();
        }
        return changed;
    }
}
