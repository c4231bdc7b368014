package dev.ccag.gateway.pool;

import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Routing strategy overrides per team and per key ({@code {"strategy":"weighted-round-robin"}}); a
 * key's override wins over its team's, which wins over {@code ccag.pool.strategy}. Admins only.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/routing")
class RoutingController {
    private final EndpointAdmin admin;
    private final EndpointRegistry registry;
    private final PoolRefresher refresher;

    RoutingController(EndpointAdmin admin, EndpointRegistry registry, PoolRefresher refresher) {
        this.admin = admin;
        this.registry = registry;
        this.refresher = refresher;
    }

    record Override(String scope, String id, String strategy) {}

    @GetMapping
    Map<String, Object> get(Actor actor) {
        Access.requireAdmin(actor);
        List<Override> overrides = new ArrayList<>();
        registry.overrides().byTeam().forEach((id, s) -> overrides.add(new Override("team", id, s.wire())));
        registry.overrides().byKey().forEach((id, s) -> overrides.add(new Override("key", id, s.wire())));
        overrides.sort(Comparator.comparing(Override::scope).thenComparing(Override::id));
        return Map.of("default_strategy", registry.defaultStrategy().wire(), "overrides", overrides);
    }

    @PutMapping("/{scope}/{id}")
    Override set(Actor actor, @PathVariable String scope, @PathVariable String id, @RequestBody JsonNode body) {
        Access.requireAdmin(actor);
        String s = scope(scope);
        if (body == null || !body.isObject() || body.size() != 1 || !body.has("strategy") || !body.get("strategy").isString()) {
            throw ApiProblem.badRequest("the body must be {\"strategy\": \"sticky\" | \"primary-fallback\" | \"weighted-round-robin\"}");
        }
        Strategy strategy;
        try {
            strategy = Strategy.parse(body.get("strategy").asString());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("strategy: " + e.getMessage());
        }
        admin.setRouting(actor, s, id, strategy);
        refresher.reload();
        return new Override(s, id, strategy.wire());
    }

    @DeleteMapping("/{scope}/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable String scope, @PathVariable String id) {
        Access.requireAdmin(actor);
        admin.deleteRouting(actor, scope(scope), id);
        refresher.reload();
    }

    /** The path says {@code teams} or {@code keys}; the table says {@code team} or {@code key}. */
    private static String scope(String path) {
        return switch (path) {
            case "teams" -> "team";
            case "keys" -> "key";
            default -> throw ApiProblem.notFound("no such routing scope: " + path + " (use teams or keys)");
        };
    }
}
