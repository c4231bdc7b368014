package dev.ccag.gateway.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminWebConfiguration;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.audit.AuditLog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The price table of the admin API: every caller may read it (prices are not secret and members
 * see their own cost); only admins change it. A change is audited and applies to requests from
 * the next refresh on (at once on this replica); records already written keep the price they used.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/prices")
public class PriceController {
    private final PriceBook book;
    private final PriceRepository repository;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    PriceController(PriceBook book, PriceRepository repository, AuditLog audit, PlatformTransactionManager transactions) {
        this.book = book;
        this.repository = repository;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Micro-dollars per million tokens (web_search: per search). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PriceView(
            String model,
            @JsonProperty("profile_prefix") String profilePrefix,
            String source,
            Long input,
            Long output,
            @JsonProperty("cache_write_5m") Long cacheWrite5m,
            @JsonProperty("cache_write_1h") Long cacheWrite1h,
            @JsonProperty("cache_read") Long cacheRead,
            @JsonProperty("web_search") Long webSearch) {

        static PriceView of(PriceEntry e, String source) {
            Price p = e.price();
            return new PriceView(e.model(), e.profilePrefix(), source, p.input(), p.output(), p.cacheWrite5m(), p.cacheWrite1h(),
                    p.cacheRead(), p.webSearch());
        }

        Price toPrice() {
            if (input == null || output == null || cacheWrite5m == null || cacheWrite1h == null || cacheRead == null) {
                throw ApiProblem.badRequest("input, output, cache_write_5m, cache_write_1h and cache_read are required (micro-dollars per million tokens)");
            }
            try {
                return new Price(input, output, cacheWrite5m, cacheWrite1h, cacheRead, webSearch == null ? 10_000 : webSearch);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(e.getMessage());
            }
        }
    }

    /** Every entry in the order they are consulted, with the uplift rule and the fallback for unknown models. */
    public record PriceTableView(List<PriceView> data,
            @JsonProperty("uplift_percent_by_prefix") Map<String, Integer> upliftPercentByPrefix,
            @JsonProperty("uplift_min_generation") String upliftMinGeneration,
            PriceView fallback) {}

    @GetMapping
    public PriceTableView list(Actor actor) {
        PriceTable table = book.table();
        List<PriceView> views = new ArrayList<>();
        for (PriceTable.Layer layer : table.layers()) {
            layer.entries().forEach(e -> views.add(PriceView.of(e, layer.source())));
        }
        return new PriceTableView(views, table.uplift().percentByPrefix(), table.uplift().minGeneration(),
                PriceView.of(table.fallback(), "fallback"));
    }

    @PutMapping("/{model}")
    public PriceView put(Actor actor, @PathVariable String model,
            @RequestParam(name = "profile_prefix", defaultValue = PriceEntry.ANY_PREFIX) String profilePrefix, @RequestBody PriceView body) {
        Access.requireAdmin(actor);
        PriceEntry entry = entry(model, profilePrefix, body.toPrice());
        PriceView after = PriceView.of(entry, "db");
        tx.executeWithoutResult(status -> {
            PriceView before = repository.find(entry.model(), entry.profilePrefix()).map(e -> PriceView.of(e, "db")).orElse(null);
            repository.save(entry, actor.userId(), OffsetDateTime.now(ZoneOffset.UTC));
            audit.record(actor, "price.put", "price", id(entry), before, after);
        });
        book.refresh();
        return after;
    }

    @DeleteMapping("/{model}")
    public ResponseEntity<Void> delete(Actor actor, @PathVariable String model,
            @RequestParam(name = "profile_prefix", defaultValue = PriceEntry.ANY_PREFIX) String profilePrefix) {
        Access.requireAdmin(actor);
        Boolean deleted = tx.execute(status -> {
            var before = repository.find(model, profilePrefix);
            if (before.isEmpty()) return false;
            repository.delete(model, profilePrefix);
            audit.record(actor, "price.delete", "price", id(before.get()), PriceView.of(before.get(), "db"), null);
            return true;
        });
        if (!Boolean.TRUE.equals(deleted)) throw ApiProblem.notFound("no price override for " + model + " (" + profilePrefix + ")");
        book.refresh();
        return ResponseEntity.noContent().build();
    }

    private static PriceEntry entry(String model, String prefix, Price price) {
        if (model.length() > 200 || prefix.length() > 20) throw ApiProblem.badRequest("model or profile_prefix too long");
        try {
            return new PriceEntry(model, prefix, price);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    private static String id(PriceEntry e) {
        String id = e.model() + "@" + e.profilePrefix();
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
