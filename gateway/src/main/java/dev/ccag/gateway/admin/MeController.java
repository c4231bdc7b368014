package dev.ccag.gateway.admin;

import dev.ccag.gateway.accounts.AccountService;
import dev.ccag.gateway.accounts.Membership;
import dev.ccag.gateway.accounts.TeamRepository;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.keys.ApiKey;
import dev.ccag.gateway.keys.CreatedKey;
import dev.ccag.gateway.keys.KeyService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Self-service for every user: who am I, and my own keys (create, list, revoke). */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/me")
class MeController {
    private final AccountService accounts;
    private final TeamRepository teams;
    private final KeyService keys;

    MeController(AccountService accounts, TeamRepository teams, KeyService keys) {
        this.accounts = accounts;
        this.teams = teams;
        this.keys = keys;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Me(User user, List<Membership> memberships, String keyId) {}

    @GetMapping
    Me me(Actor actor) {
        return new Me(accounts.user(actor.userId()), teams.membershipsOf(actor.userId()), actor.keyId());
    }

    @GetMapping("/keys")
    Page<ApiKey> myKeys(Actor actor, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return keys.list(actor, actor.userId(), null, PageRequest.of(limit, cursor));
    }

    @PostMapping("/keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey create(Actor actor, @RequestBody JsonNode body) {
        return keys.create(actor, KeysController.request(Fields.of(body), false));
    }

    @PostMapping("/keys/{id}/revoke")
    ApiKey revoke(Actor actor, @PathVariable String id) {
        ApiKey key = keys.get(actor, id);
        if (!actor.userId().equals(key.ownerUserId())) {
            throw ApiProblem.forbidden("not your key");
        }
        return keys.revoke(actor, id);
    }
}
