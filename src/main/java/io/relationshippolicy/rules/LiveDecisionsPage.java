package io.relationshippolicy.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the service is deciding now, read from the meters it registers for {@code GET /metrics} (since this
 * instance started): decisions per kind and outcome, the most frequent reason and obligation codes, the
 * decision log's commit latency and the active rules version. A plain page with a refresh link.
 */
@Hidden
@Controller("/compliance/live")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.COMPLIANCE, Roles.OPERATOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class LiveDecisionsPage {

    private static final int TOP_CODES = 10;

    /** Decisions of one kind: how many were allowed and denied. */
    public record KindRow(String kind, long allowed, long denied) {
        public long total() {
            return allowed + denied;
        }
    }

    /** A reason or obligation code and how often decisions carried it. */
    public record CodeRow(String code, String type, long count) {
    }

    /** The decision log's commits: how many, and how long they took. */
    public record Commits(long count, double meanMillis, double maxMillis) {
    }

    private final MeterRegistry registry;
    private final RulesMetrics rulesMetrics;
    private final Pages pages;

    public LiveDecisionsPage(MeterRegistry registry, RulesMetrics rulesMetrics, Pages pages) {
        this.registry = registry;
        this.rulesMetrics = rulesMetrics;
        this.pages = pages;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> live(HttpRequest<?> request) {
        Map<String, long[]> byKind = new TreeMap<>();
        for (Counter counter : registry.find("policy.decisions").counters()) {
            long[] counts = byKind.computeIfAbsent(counter.getId().getTag("kind"), k -> new long[2]);
            counts["ALLOW".equals(counter.getId().getTag("outcome")) ? 0 : 1] += (long) counter.count();
        }
        List<KindRow> kinds = new ArrayList<>();
        byKind.forEach((kind, counts) -> kinds.add(new KindRow(kind, counts[0], counts[1])));
        Map<String, CodeRow> byCode = new TreeMap<>();
        for (Counter counter : registry.find("policy.decision.codes").counters()) {
            String code = counter.getId().getTag("code");
            String type = counter.getId().getTag("type");
            CodeRow row = byCode.get(type + ":" + code);
            byCode.put(type + ":" + code, new CodeRow(code, type, (row == null ? 0 : row.count()) + (long) counter.count()));
        }
        List<CodeRow> codes = byCode.values().stream().filter(c -> c.count() > 0)
                .sorted(Comparator.comparingLong(CodeRow::count).reversed().thenComparing(CodeRow::code)).limit(TOP_CODES).toList();
        Timer commit = registry.find("policy.decision_log.commit").timer();
        Commits commits = commit == null ? new Commits(0, 0, 0)
                : new Commits(commit.count(), commit.mean(TimeUnit.MICROSECONDS) / 1000.0, commit.max(TimeUnit.MICROSECONDS) / 1000.0);
        rulesMetrics.beforeScrape();
        Gauge info = registry.find("policy.rules.info").gauge();
        return pages.render(request, "compliance-live", Pages.model("kinds", kinds, "codes", codes, "commits", commits,
                "rulesVersion", info == null ? null : info.getId().getTag("version"), "readAt", Instant.now(),
                "total", kinds.stream().mapToLong(KindRow::total).sum()));
    }
}
