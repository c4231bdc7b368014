package dev.ccag.gateway.usage;

import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage analytics of the admin API. Admins see everything, team admins their teams' usage and
 * their own, members their own; asking for someone else's user or team is 403, not an empty answer.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX)
public class UsageController {
    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private final UsageQueries queries;
    private final TransactionTemplate readOnly;
    private final Clock clock = Clock.systemUTC();

    UsageController(UsageQueries queries, PlatformTransactionManager transactions) {
        this.queries = queries;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping("/usage")
    public UsageQueries.Report totals(Actor actor, @RequestParam(name = "group_by", defaultValue = "day") String groupBy,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(name = "user_id", required = false) String userId, @RequestParam(name = "team_id", required = false) String teamId,
            @RequestParam(name = "key_id", required = false) String keyId, @RequestParam(required = false) String model) {
        UsageQueries.GroupBy by;
        try {
            by = UsageQueries.GroupBy.parse(groupBy);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return queries.totals(by, filter(from, to, userId, teamId, keyId, model), scope(actor, userId, teamId));
    }

    @GetMapping("/usage/records")
    public Page<UsageRecordView> records(Actor actor, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(name = "user_id", required = false) String userId, @RequestParam(name = "team_id", required = false) String teamId,
            @RequestParam(name = "key_id", required = false) String keyId, @RequestParam(required = false) String model,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        UsageQueries.RecordCursor after;
        try {
            after = page.after() == null ? null : UsageQueries.RecordCursor.decode(page.after());
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("cursor: not a cursor returned by this API");
        }
        List<UsageRecord> rows = queries.records(filter(from, to, userId, teamId, keyId, model), scope(actor, userId, teamId), after,
                page.fetchSize());
        List<UsageRecordView> views = rows.stream().map(UsageRecordView::of).toList();
        return Page.of(views, page, v -> new UsageQueries.RecordCursor(v.occurredAt(), v.requestId()).encode());
    }

    /** Every matching record as CSV, oldest first, streamed from the database as it is read. */
    @GetMapping("/usage.csv")
    public void csv(Actor actor, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(name = "user_id", required = false) String userId, @RequestParam(name = "team_id", required = false) String teamId,
            @RequestParam(name = "key_id", required = false) String keyId, @RequestParam(required = false) String model,
            HttpServletResponse response) throws IOException {
        UsageFilter filter = filter(from, to, userId, teamId, keyId, model);
        UsageScope scope = scope(actor, userId, teamId);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"ccag-usage.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(UsageCsv.HEADER);
        // a transaction, so PostgreSQL streams rows with a cursor (fetch size) instead of loading them all
        readOnly.executeWithoutResult(status -> queries.eachRecord(filter, scope, r -> {
            try {
                out.write(UsageCsv.line(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        out.flush();
    }

    private UsageFilter filter(String from, String to, String userId, String teamId, String keyId, String model) {
        Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS) : instant(to, "to");
        Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : instant(from, "from");
        if (!start.isBefore(end)) throw ApiProblem.badRequest("from must be before to");
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) throw ApiProblem.badRequest("the range may span at most 400 days");
        return new UsageFilter(start, end, userId, teamId, keyId, model);
    }

    /** An RFC 3339 instant, or a date (midnight UTC). */
    private static Instant instant(String value, String name) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + ": expected a date (2026-03-01) or an RFC 3339 time (2026-03-01T10:00:00Z)");
        }
    }

    static UsageScope scope(Actor actor, String userId, String teamId) {
        if (actor.isAdmin()) return UsageScope.all();
        UsageScope scope = UsageScope.ownAndTeams(actor.userId(), actor.adminOfTeams());
        boolean self = actor.userId().equals(userId);
        if (teamId != null && !scope.coversTeam(teamId) && !self) {
            throw ApiProblem.forbidden("not an admin of team " + teamId);
        }
        if (userId != null && !self && actor.adminOfTeams().isEmpty()) {
            throw ApiProblem.forbidden("members see only their own usage");
        }
        return scope;
    }
}
