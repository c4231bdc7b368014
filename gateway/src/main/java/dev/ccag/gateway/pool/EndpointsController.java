package dev.ccag.gateway.pool;

import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The endpoint pool: list with health, add, change, enable/disable and delete at run time. Admins
 * only. Each change applies on this replica before the response and on the others within about a
 * second; requests in flight finish on the endpoint they started on.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/endpoints")
class EndpointsController {
    private final EndpointAdmin admin;
    private final EndpointStore store;
    private final EndpointRegistry registry;
    private final PoolRefresher refresher;

    EndpointsController(EndpointAdmin admin, EndpointStore store, EndpointRegistry registry, PoolRefresher refresher) {
        this.admin = admin;
        this.store = store;
        this.registry = registry;
        this.refresher = refresher;
    }

    @GetMapping
    Page<EndpointView> list(Actor actor, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        Access.requireAdmin(actor);
        PageRequest page = PageRequest.of(limit, cursor);
        List<EndpointStore.Stored> rows = store.all();
        List<EndpointView> views = new ArrayList<>();
        if (rows.isEmpty()) {
            for (EndpointSpec s : registry.configured()) views.add(EndpointView.of(s, registry.health(s.name()), null, null));
        }
        for (EndpointStore.Stored r : rows) views.add(view(r));
        List<EndpointView> after = views.stream().filter(v -> page.after() == null || v.name().compareTo(page.after()) > 0)
                .limit(page.fetchSize()).toList();
        return Page.of(after, page, EndpointView::name);
    }

    @GetMapping("/{name}")
    EndpointView get(Actor actor, @PathVariable String name) {
        Access.requireAdmin(actor);
        return view(find(name));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    EndpointView create(Actor actor, @RequestBody JsonNode body) {
        Access.requireAdmin(actor);
        EndpointStore.Stored created = admin.create(actor, EndpointJson.create(body));
        refresher.reload();
        return view(created);
    }

    @PatchMapping("/{name}")
    EndpointView update(Actor actor, @PathVariable String name, @RequestBody JsonNode body) {
        Access.requireAdmin(actor);
        find(name);
        EndpointStore.Stored updated = admin.update(actor, name, "endpoint.update", before -> EndpointJson.patch(before, body));
        refresher.reload();
        return view(updated);
    }

    @PostMapping("/{name}/disable")
    EndpointView disable(Actor actor, @PathVariable String name) {
        return setEnabled(actor, name, false);
    }

    @PostMapping("/{name}/enable")
    EndpointView enable(Actor actor, @PathVariable String name) {
        return setEnabled(actor, name, true);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable String name) {
        Access.requireAdmin(actor);
        find(name);
        admin.delete(actor, name);
        refresher.reload();
    }

    private EndpointView setEnabled(Actor actor, String name, boolean enabled) {
        Access.requireAdmin(actor);
        find(name);
        EndpointStore.Stored updated = admin.update(actor, name, enabled ? "endpoint.enable" : "endpoint.disable", s -> s.withEnabled(enabled));
        refresher.reload();
        return view(updated);
    }

    private EndpointStore.Stored find(String name) {
        return store.find(name).orElseThrow(() -> registry.configured().stream().anyMatch(s -> s.name().equals(name)
                && s.source().equals(EndpointSpec.ENVIRONMENT))
                ? ApiProblem.conflict("endpoint " + name + " comes from the AWS environment because no endpoint is configured; "
                        + "add an endpoint to replace it")
                : ApiProblem.notFound("endpoint " + name + " not found"));
    }

    private EndpointView view(EndpointStore.Stored r) {
        return EndpointView.of(r.spec(), r.spec().enabled() ? registry.health(r.spec().name()) : null, r.createdAt(), r.updatedAt());
    }
}
