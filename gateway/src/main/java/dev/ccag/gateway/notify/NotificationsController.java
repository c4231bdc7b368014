package dev.ccag.gateway.notify;

import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notifications sent, newest first, each with every delivery attempt: {@code ?type=}. Admins only. */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/notifications")
class NotificationsController {
    private final NotificationStore store;

    NotificationsController(NotificationStore store) {
        this.store = store;
    }

    @GetMapping
    Page<NotificationStore.NotificationView> find(Actor actor, @RequestParam(required = false) String type,
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
        return Page.of(store.find(type, beforeId, page.fetchSize()), page, n -> Long.toString(n.id()));
    }
}
