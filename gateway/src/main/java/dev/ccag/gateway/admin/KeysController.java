package dev.ccag.gateway.admin;

import dev.ccag.gateway.keys.ApiKey;
import dev.ccag.gateway.keys.CreatedKey;
import dev.ccag.gateway.keys.KeyService;
import java.time.Duration;
import org.springframework.http.HttpStatus;
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

/** Virtual keys. The role rules live in {@link KeyService}, beside the grant checks they combine with. */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/keys")
class KeysController {
    private final KeyService keys;

    KeysController(KeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey create(Actor actor, @RequestBody JsonNode body) {
        return keys.create(actor, request(Fields.of(body), true));
    }

    @GetMapping
    Page<ApiKey> list(Actor actor, @RequestParam(name = "owner_user_id", required = false) String owner,
            @RequestParam(name = "team_id", required = false) String team,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return keys.list(actor, owner, team, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ApiKey get(Actor actor, @PathVariable String id) {
        return keys.get(actor, id);
    }

    @PatchMapping("/{id}")
    ApiKey update(Actor actor, @PathVariable String id, @RequestBody JsonNode body) {
        Fields f = Fields.of(body);
        return keys.update(actor, id, new KeyService.KeyUpdate(
                f.has("name"), f.has("name") ? f.requiredString("name", 200) : null,
                f.has("allowed_models"), f.strings("allowed_models", 200),
                f.has("max_rpm"), f.nonNegativeInt("max_rpm"),
                f.has("max_tpm"), f.nonNegativeInt("max_tpm"),
                f.has("expires_at"), f.instant("expires_at")));
    }

    @PostMapping("/{id}/revoke")
    ApiKey revoke(Actor actor, @PathVariable String id) {
        return keys.revoke(actor, id);
    }

    /** {@code {"grace_seconds": 3600}}: the old secret keeps working that long (default 0, at most 30 days). */
    @PostMapping("/{id}/rotate")
    CreatedKey rotate(Actor actor, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Long grace = body == null || body.isNull() ? null : Fields.of(body).nonNegativeLong("grace_seconds");
        if (grace != null && grace > KeyService.MAX_GRACE.toSeconds()) {
            throw ApiProblem.badRequest("grace_seconds: at most " + KeyService.MAX_GRACE.toSeconds());
        }
        return keys.rotate(actor, id, Duration.ofSeconds(grace == null ? 0 : grace));
    }

    static KeyService.KeyRequest request(Fields f, boolean mayChooseOwner) {
        if (!mayChooseOwner && (f.has("owner_user_id") || (f.has("kind") && !ApiKey.PERSONAL.equals(f.string("kind", 20))))) {
            throw ApiProblem.badRequest("self-service keys are personal keys of the caller; use /admin/v1/keys for others");
        }
        return new KeyService.KeyRequest(f.requiredString("name", 200), f.string("kind", 20), f.string("owner_user_id", 36),
                f.string("team_id", 36), f.strings("allowed_models", 200), f.nonNegativeInt("max_rpm"), f.nonNegativeInt("max_tpm"),
                f.instant("expires_at"));
    }
}
