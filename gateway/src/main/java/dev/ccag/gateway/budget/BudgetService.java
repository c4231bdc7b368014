package dev.ccag.gateway.budget;

import dev.ccag.gateway.accounts.Db;
import dev.ccag.gateway.accounts.TeamRepository;
import dev.ccag.gateway.accounts.UserRepository;
import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.admin.Fields;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
import dev.ccag.gateway.audit.AuditLog;
import dev.ccag.gateway.keys.ApiKeyRepository;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Creating, changing and removing budgets. Admins manage every budget; a team admin manages the
 * budgets of their teams; team members may read them. Every change is audited in its transaction and
 * applied on this replica at once (the others pick it up within their refresh interval).
 */
@Service
public class BudgetService {
    private static final long MAX_LIMIT_MICROS = 1_000_000_000L * 1_000_000L; // a billion dollars

    private final BudgetRepository budgets;
    private final BudgetTracker tracker;
    private final UserRepository users;
    private final TeamRepository teams;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final BudgetProperties props;

    BudgetService(BudgetRepository budgets, BudgetTracker tracker, UserRepository users, TeamRepository teams, ApiKeyRepository keys, AuditLog audit,
            BudgetProperties props) {
        this.budgets = budgets;
        this.tracker = tracker;
        this.users = users;
        this.teams = teams;
        this.keys = keys;
        this.audit = audit;
        this.props = props;
    }

    public Page<BudgetView> list(Actor actor, PageRequest page) {
        Set<String> teams = actor.isAdmin() ? null : actor.memberOfTeams();
        return Page.of(budgets.list(page.after(), page.fetchSize(), teams).stream().map(this::view).toList(), page, BudgetView::id);
    }

    public BudgetView get(Actor actor, String id) {
        Budget b = find(id);
        requireRead(actor, b);
        return view(b);
    }

    @Transactional
    public BudgetView create(Actor actor, JsonNode body) {
        Fields f = Fields.of(body);
        BudgetScope scope = parse(() -> BudgetScope.parse(f.requiredString("scope", 20)));
        String scopeId = f.string("scope_id", 36);
        if (scope == BudgetScope.DEPLOYMENT) {
            if (scopeId != null) throw ApiProblem.badRequest("scope_id: a deployment budget has none");
        } else if (scopeId == null) {
            throw ApiProblem.badRequest("scope_id: required for a " + scope.label() + " budget");
        }
        if (scope == BudgetScope.TEAM) {
            Access.requireTeamAdmin(actor, scopeId);
        } else {
            Access.requireAdmin(actor);
        }
        requireExists(scope, scopeId);
        String name = f.string("name", 200);
        BudgetPeriod period = parse(() -> BudgetPeriod.parse(f.requiredString("period", 20)));
        ZoneId zone = zone(f.string("time_zone", 64), ZoneId.of(props.defaultTimeZone()));
        long limit = limitMicros(body, true);
        List<BudgetAction> actions = body.has("actions") ? actions(body.get("actions")) : List.of(
                new BudgetAction(BudgetAction.Type.NOTIFY, 80, null), new BudgetAction(BudgetAction.Type.BLOCK, 100, null));
        Boolean enabled = f.bool("enabled");
        var now = Db.now();
        Budget b = new Budget(UUID.randomUUID().toString(), name != null ? name : defaultName(scope, scopeId, period), scope, scopeId,
                period, zone, limit, actions, enabled == null || enabled, now, now);
        budgets.insert(b);
        BudgetView view = view(b);
        audit.record(actor, "budget.create", "budget", b.id(), null, view);
        afterCommit();
        return view(b);
    }

    @Transactional
    public BudgetView update(Actor actor, String id, JsonNode body) {
        Budget before = find(id);
        requireManage(actor, before);
        Fields f = Fields.of(body);
        for (String fixed : List.of("scope", "scope_id")) {
            if (body.has(fixed)) throw ApiProblem.badRequest(fixed + ": cannot change; create a new budget instead");
        }
        String name = f.has("name") ? f.requiredString("name", 200) : before.name();
        BudgetPeriod period = f.has("period") ? parse(() -> BudgetPeriod.parse(f.requiredString("period", 20))) : before.period();
        ZoneId zone = f.has("time_zone") ? zone(f.requiredString("time_zone", 64), before.zone()) : before.zone();
        long limit = body.has("limit_usd") || body.has("limit_micros") ? limitMicros(body, true) : before.limitMicros();
        List<BudgetAction> actions = body.has("actions") ? actions(body.get("actions")) : before.actions();
        Boolean enabled = f.has("enabled") ? f.bool("enabled") : Boolean.valueOf(before.enabled());
        if (enabled == null) throw ApiProblem.badRequest("enabled: must be true or false");
        Budget after = new Budget(id, name, before.scope(), before.scopeId(), period, zone, limit, actions, enabled, before.createdAt(), Db.now());
        budgets.update(after);
        audit.record(actor, "budget.update", "budget", id, view(before), view(after));
        afterCommit();
        return view(after);
    }

    @Transactional
    public void delete(Actor actor, String id) {
        Budget before = find(id);
        requireManage(actor, before);
        budgets.delete(id);
        audit.record(actor, "budget.delete", "budget", id, view(before), null);
        afterCommit();
    }

    /** Applies the change on this replica as soon as it is committed, not at the next periodic refresh. */
    private void afterCommit() {
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        try {
                            tracker.refresh();
                        } catch (RuntimeException e) {
                            org.slf4j.LoggerFactory.getLogger(BudgetService.class).warn("budgets: refresh after a change failed", e);
                        }
                    }
                });
    }

    private Budget find(String id) {
        return budgets.find(id).orElseThrow(() -> ApiProblem.notFound("budget " + id + " not found"));
    }

    private static void requireRead(Actor actor, Budget b) {
        if (actor.isAdmin()) return;
        if (b.scope() == BudgetScope.TEAM && actor.belongsTo(b.scopeId())) return;
        throw ApiProblem.forbidden("only admins and members of its team may see budget " + b.id());
    }

    private static void requireManage(Actor actor, Budget b) {
        if (b.scope() == BudgetScope.TEAM) {
            Access.requireTeamAdmin(actor, b.scopeId());
        } else {
            Access.requireAdmin(actor);
        }
    }

    private void requireExists(BudgetScope scope, String scopeId) {
        boolean exists = switch (scope) {
            case KEY -> keys.find(scopeId).isPresent();
            case USER -> users.find(scopeId).isPresent();
            case TEAM -> teams.find(scopeId).isPresent();
            case DEPLOYMENT -> true;
        };
        if (!exists) throw ApiProblem.badRequest("scope_id: no " + scope.label() + " " + scopeId);
    }

    private static String defaultName(BudgetScope scope, String scopeId, BudgetPeriod period) {
        return period.label() + " " + scope.label() + (scopeId == null ? "" : " " + scopeId);
    }

    private static ZoneId zone(String id, ZoneId fallback) {
        if (id == null) return fallback;
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("time_zone: unknown time zone '" + id + "' (use an IANA name such as Europe/Berlin, or UTC)");
        }
    }

    /** {@code limit_usd} (a decimal number of dollars, at most 6 decimals) or {@code limit_micros}; exactly one. */
    static long limitMicros(JsonNode body, boolean required) {
        JsonNode usd = body.get("limit_usd");
        JsonNode micros = body.get("limit_micros");
        if (usd != null && micros != null) throw ApiProblem.badRequest("give limit_usd or limit_micros, not both");
        long value;
        if (usd != null) {
            BigDecimal d;
            if (usd.isNumber()) d = usd.decimalValue();
            else if (usd.isString()) {
                try {
                    d = new BigDecimal(usd.asString().trim());
                } catch (NumberFormatException e) {
                    throw ApiProblem.badRequest("limit_usd: must be a number of dollars, e.g. 250 or 99.5");
                }
            } else throw ApiProblem.badRequest("limit_usd: must be a number of dollars, e.g. 250 or 99.5");
            if (d.scale() > 6 && d.stripTrailingZeros().scale() > 6) throw ApiProblem.badRequest("limit_usd: at most 6 decimals");
            if (d.signum() <= 0) throw ApiProblem.badRequest("limit_usd: must be more than 0");
            if (d.compareTo(BigDecimal.valueOf(MAX_LIMIT_MICROS / 1_000_000)) > 0) throw ApiProblem.badRequest("limit_usd: too large");
            value = d.movePointRight(6).longValueExact();
        } else if (micros != null) {
            if (!micros.isIntegralNumber()) throw ApiProblem.badRequest("limit_micros: must be a whole number of micro-dollars");
            value = micros.asLong();
            if (value <= 0 || value > MAX_LIMIT_MICROS) throw ApiProblem.badRequest("limit_micros: must be from 1 to " + MAX_LIMIT_MICROS);
        } else if (required) {
            throw ApiProblem.badRequest("limit_usd: is required");
        } else {
            return -1;
        }
        return value;
    }

    /** [{"type": "notify", "at": 80}, {"type": "throttle", "at": 90, "rpm": 5}, {"type": "block", "at": 100}] */
    static List<BudgetAction> actions(JsonNode list) {
        if (list == null || !list.isArray()) throw ApiProblem.badRequest("actions: must be a list");
        if (list.size() > 20) throw ApiProblem.badRequest("actions: at most 20");
        List<BudgetAction> out = new ArrayList<>();
        EnumSet<BudgetAction.Type> single = EnumSet.noneOf(BudgetAction.Type.class);
        int i = 0;
        for (JsonNode a : list) {
            String where = "actions[" + i++ + "]";
            if (!a.isObject()) throw ApiProblem.badRequest(where + ": must be an object");
            JsonNode type = a.get("type");
            JsonNode at = a.get("at");
            JsonNode rpm = a.get("rpm");
            if (type == null || !type.isString()) throw ApiProblem.badRequest(where + ".type: notify, throttle or block");
            if (at == null || !at.isIntegralNumber()) throw ApiProblem.badRequest(where + ".at: a whole percentage of the limit, e.g. 80");
            if (rpm != null && !rpm.isNull() && !rpm.isIntegralNumber()) throw ApiProblem.badRequest(where + ".rpm: a whole number");
            for (var field : a.propertyNames()) {
                if (!Set.of("type", "at", "rpm").contains(field)) throw ApiProblem.badRequest(where + "." + field + ": unknown field");
            }
            BudgetAction action;
            try {
                action = new BudgetAction(BudgetAction.Type.parse(type.asString()), at.asInt(),
                        rpm == null || rpm.isNull() ? null : rpm.asInt());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(where + ": " + e.getMessage());
            }
            if (action.type() != BudgetAction.Type.NOTIFY && !single.add(action.type())) {
                throw ApiProblem.badRequest(where + ": a budget has at most one " + action.type().label() + " action");
            }
            for (BudgetAction other : out) {
                if (other.type() == action.type() && other.atPercent() == action.atPercent()) {
                    throw ApiProblem.badRequest(where + ": duplicate " + action.type().label() + " at " + action.atPercent() + "%");
                }
            }
            out.add(action);
        }
        return out;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** The budget as stored now, with its status (no role check: for answering a change the caller just made). */
    public BudgetView current(String id) {
        return view(find(id));
    }

    BudgetView view(Budget b) {
        return BudgetView.of(b, tracker.status(b.id()));
    }
}
