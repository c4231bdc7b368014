package dev.ccag.gateway.admin;

import dev.ccag.gateway.audit.AuditEntry;
import dev.ccag.gateway.audit.AuditQuery;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first: {@code ?resource_type=&resource_id=&since=}. Admins only. */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/audit")
class AuditController {
    private final AuditQuery audit;

    AuditController(AuditQuery audit) {
        this.audit = audit;
    }

    @GetMapping
    Page<AuditEntry> find(Actor actor, @RequestParam(name = "resource_type", required = false) String resourceType,
            @RequestParam(name = "resource_id", required = false) String resourceId,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        Access.requireAdmin(actor);
        PageRequest page = PageRequest.of(limit, cursor);
        Long beforeId = null;
        if (page.after() != null) {
            try {
                beforeId = Long.parseLong(page.after());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("cursor: not a cursor returned by this API");
            }
        }
        Instant from = since == null ? null : Fields.parseInstant("since", since);
        return Page.of(audit.find(resourceType, resourceId, from, beforeId, page.fetchSize()), page, e -> Long.toString(e.id()));
    }
}
