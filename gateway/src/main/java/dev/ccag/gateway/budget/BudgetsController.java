package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
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

/** {@code /admin/v1/budgets}: the role rules live in {@link BudgetService}. */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/budgets")
class BudgetsController {
    private final BudgetService budgets;

    BudgetsController(BudgetService budgets) {
        this.budgets = budgets;
    }

    @GetMapping
    Page<BudgetView> list(Actor actor, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return budgets.list(actor, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    BudgetView get(Actor actor, @PathVariable String id) {
        return budgets.get(actor, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BudgetView create(Actor actor, @RequestBody JsonNode body) {
        // read back after the commit, when this replica's tracker has the budget and its spend
        return budgets.current(budgets.create(actor, body).id());
    }

    @PatchMapping("/{id}")
    BudgetView update(Actor actor, @PathVariable String id, @RequestBody JsonNode body) {
        return budgets.current(budgets.update(actor, id, body).id());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable String id) {
        budgets.delete(actor, id);
    }
}
