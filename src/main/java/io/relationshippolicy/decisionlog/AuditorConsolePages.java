package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.PageLocaleResolver;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The auditors' console: the decision log searched with the API's filters and cursor, one decision in full with
 * its neighbours in the chain, the timeline of a customer or a partner, the chain verification with the signed
 * checkpoints, and the export of a search. Each page is a view over the same services as
 * {@code /api/v1/decision-log} ({@link DecisionLogController}), with the same parameters, limits and explanations.
 */
@Hidden
@Controller("/console")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.AUDITOR)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditorConsolePages {

    /** The checkpoints the verification page lists; the download holds as many as the API gives at most. */
    static final int CHECKPOINTS_SHOWN = 20;

    /** The filters of a search as the auditor typed them, kept in the form and carried by its links. */
    public record SearchForm(String partnerId, String customerId, String kind, String outcome, String code, String action,
                             String service, String rulesVersion, String from, String to, String limit) {

        DecisionLogQueries.Filter filter() {
            return DecisionLogController.filter(partnerId, customerId, kind, outcome, code, action, service, rulesVersion, from, to);
        }

        /** The filters as a query string (without the cursor), URL-encoded; empty ones left out. */
        public String query() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("partnerId", partnerId);
            values.put("customerId", customerId);
            values.put("kind", kind);
            values.put("outcome", outcome);
            values.put("code", code);
            values.put("action", action);
            values.put("service", service);
            values.put("rulesVersion", rulesVersion);
            values.put("from", from);
            values.put("to", to);
            values.put("limit", limit);
            List<String> pairs = new ArrayList<>();
            values.forEach((name, value) -> {
                if (value != null && !value.isEmpty()) {
                    pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return String.join("&", pairs);
        }

        /** The same filters without {@code limit}, for the export (which takes every matching entry). */
        public String exportQuery() {
            return new SearchForm(partnerId, customerId, kind, outcome, code, action, service, rulesVersion, from, to, null).query();
        }
    }

    /** One line of a list of decisions. */
    public record Row(long sequence, String decisionId, Instant decidedAt, String kind, String outcome, String partnerId,
                      String customerId, String action, String service, List<String> codes, String actor) {

        /** What was asked for, in one cell: the action and the service, where the kind has them. */
        public String what() {
            return action == null ? (service == null ? "" : service) : (service == null ? action : action + " · " + service);
        }

        static Row of(StoredEntry stored) {
            LogEntry e = stored.content();
            List<String> codes = new ArrayList<>(StoredEntry.codes(e.reasons()));
            codes.addAll(StoredEntry.codes(e.obligations()));
            return new Row(e.sequence(), e.decisionId(), e.decidedAt(), e.kind(), e.outcome(), e.partnerId(), e.customerId(),
                    e.action(), e.service(), codes, e.actor().sub());
        }
    }

    /** A checkpoint as the verification page lists it: the API's fields and whether its signature verifies. */
    public record CheckpointRow(long sequence, String hash, String takenAt, String keyId, boolean signatureVerified) {
    }

    private final DecisionLogQueries queries;
    private final DecisionLogExport export;
    private final DecisionLogVerifier verifier;
    private final DecisionLogCheckpoints checkpoints;
    private final JsonMapper json;
    private final Pages pages;
    private final FormTokens formTokens;

    public AuditorConsolePages(DecisionLogQueries queries, DecisionLogExport export, DecisionLogVerifier verifier,
                               DecisionLogCheckpoints checkpoints, JsonMapper json, Pages pages, FormTokens formTokens) {
        this.queries = queries;
        this.export = export;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.json = json;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get
    public MutableHttpResponse<?> console() {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create("/console/decisions")));
    }

    @Get("/decisions")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> search(HttpRequest<?> request,
            @Nullable @QueryValue String partnerId, @Nullable @QueryValue String customerId, @Nullable @QueryValue String kind,
            @Nullable @QueryValue String outcome, @Nullable @QueryValue String code, @Nullable @QueryValue String action,
            @Nullable @QueryValue String service, @Nullable @QueryValue String rulesVersion, @Nullable @QueryValue String from,
            @Nullable @QueryValue String to, @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        SearchForm form = new SearchForm(trim(partnerId), trim(customerId), trim(kind), trim(outcome), trim(code), trim(action),
                trim(service), trim(rulesVersion), trim(from), trim(to), trim(limit));
        Map<String, Object> model = Pages.model(
                "form", form,
                "kinds", List.of(DecisionKind.values()),
                "outcomes", List.of(Outcome.values()));
        try {
            model.putAll(listing(form.filter(), DecisionLogController.limit(form.limit()), trim(cursor), "/console/decisions", form.query()));
        } catch (ProblemException refused) {
            // the same explanation as the API's problem detail, next to the filters that caused it
            model.put("problem", refused.getMessage());
            return pages.render(request, refused.status(), "console-decisions", model);
        }
        model.put("exportQuery", form.exportQuery());
        return pages.render(request, "console-decisions", model);
    }

    @Get("/decisions/export")
    @Produces({"text/csv", "application/x-ndjson"})
    public HttpResponse<StreamedFile> exportSearch(HttpRequest<?> request, @Nullable @QueryValue String format,
            @Nullable @QueryValue String partnerId, @Nullable @QueryValue String customerId, @Nullable @QueryValue String kind,
            @Nullable @QueryValue String outcome, @Nullable @QueryValue String code, @Nullable @QueryValue String action,
            @Nullable @QueryValue String service, @Nullable @QueryValue String rulesVersion, @Nullable @QueryValue String from,
            @Nullable @QueryValue String to) {
        DecisionLogExport.Format exportFormat = DecisionLogController.exportFormat(format);
        SearchForm form = new SearchForm(trim(partnerId), trim(customerId), trim(kind), trim(outcome), trim(code), trim(action),
                trim(service), trim(rulesVersion), trim(from), trim(to), null);
        return DecisionLogController.exportResponse(export, exportFormat, form.filter(), PageLocaleResolver.locale(request));
    }

    @Get("/decisions/{decisionId}")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> decision(HttpRequest<?> request, String decisionId) {
        Locale locale = PageLocaleResolver.locale(request);
        StoredEntry stored = queries.entry(decisionId);
        LogEntry e = stored.content();
        return pages.render(request, "console-decision", Pages.model(
                "entry", e,
                "hash", stored.hash(),
                "decision", stored.decision(json, locale),
                "input", PrettyJson.write(StoredEntry.parse(json, e.input())),
                "firedRules", StoredEntry.parse(json, e.firedRules()),
                "maskedFields", StoredEntry.parse(json, e.maskedFields()),
                "previous", e.sequence() > 1 ? queries.bySequence(e.sequence() - 1).map(p -> p.content().decisionId()).orElse(null) : null,
                "next", queries.bySequence(e.sequence() + 1).map(n -> n.content().decisionId()).orElse(null)));
    }

    @Get("/customers/{customerId}/timeline")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> customerTimeline(HttpRequest<?> request, String customerId,
                                                                                 @Nullable @QueryValue String cursor) {
        Ids.require("customer", customerId);
        DecisionLogQueries.Filter filter = new DecisionLogQueries.Filter(null, customerId, null, null, null, null, null, null, null, null);
        return timeline(request, "customer", customerId, filter, cursor);
    }

    @Get("/partners/{partnerId}/timeline")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> partnerTimeline(HttpRequest<?> request, String partnerId,
                                                                                @Nullable @QueryValue String cursor) {
        Ids.require("partner", partnerId);
        DecisionLogQueries.Filter filter = new DecisionLogQueries.Filter(partnerId, null, null, null, null, null, null, null, null, null);
        return timeline(request, "partner", partnerId, filter, cursor);
    }

    @Get("/verification")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> verification(HttpRequest<?> request) {
        return pages.render(request, "console-verification", verificationModel(null));
    }

    @Post("/verification")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> verify(HttpRequest<?> request, @Body Map<String, Object> form) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        String kept = form == null || form.get("checkpoints") == null ? "" : String.valueOf(form.get("checkpoints"));
        DecisionLogVerifier.Verification result;
        if (kept.isBlank()) {
            result = verifier.verify();
        } else {
            result = verifier.verify(keptCheckpoints(kept));
        }
        Map<String, Object> model = verificationModel(result);
        model.put("usedKept", !kept.isBlank());
        return pages.render(request, "console-verification", model);
    }

    @Get("/verification/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<CheckpointList> checkpointsDownload() {
        CheckpointList list = new CheckpointList(checkpoints.keyId(), checkpoints.publicKey(), checkpoints.folder().toString(),
                checkpoints.newestFirst(DecisionLogController.MAX_LIMIT));
        return HttpResponse.ok(list).header("Content-Disposition", "attachment; filename=\"checkpoints.json\"");
    }

    @Get("/verification/public-key")
    @Produces(MediaType.TEXT_PLAIN)
    public HttpResponse<String> publicKeyDownload() {
        return HttpResponse.ok(checkpoints.publicKey() + "\n").header("Content-Disposition", "attachment; filename=\"public-key.txt\"");
    }

    // ------------------------------------------------------------------ shared by the pages

    private MutableHttpResponse<ModelAndView<Map<String, Object>>> timeline(HttpRequest<?> request, String subject, String id,
                                                                          DecisionLogQueries.Filter filter, @Nullable String cursor) {
        Map<String, Object> model = Pages.model("subject", subject, "subjectId", id,
                "searchQuery", subject + "Id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        model.putAll(listing(filter, DecisionLogController.DEFAULT_LIMIT, trim(cursor), "/console/" + subject + "s/" + id + "/timeline", ""));
        return pages.render(request, "console-timeline", model);
    }

    /** A page of entries, newest first, and the link of the next page: the API's cursor, with the query that produced it. */
    private Map<String, Object> listing(DecisionLogQueries.Filter filter, int size, @Nullable String cursor, String path, String query) {
        Long before = cursor == null || cursor.isEmpty() ? null : DecisionLogController.decodeCursor(cursor);
        DecisionLogQueries.EntryPage page = queries.page(filter, before, size);
        String prefix = path + "?" + (query.isEmpty() ? "" : query + "&");
        String next = page.nextBefore() == null ? null : prefix + "cursor=" + DecisionLogController.encodeCursor(page.nextBefore());
        return Pages.model(
                "rows", page.entries().stream().map(Row::of).toList(),
                "nextHref", next,
                "firstHref", before == null ? null : (query.isEmpty() ? path : path + "?" + query));
    }

    private Map<String, Object> verificationModel(@Nullable DecisionLogVerifier.Verification result) {
        List<CheckpointRow> rows = checkpoints.newestFirst(CHECKPOINTS_SHOWN).stream()
                .map(c -> new CheckpointRow(c.sequence(), c.hash(), c.takenAt(), c.keyId(), checkpoints.authentic(c)))
                .toList();
        Map<String, Object> model = Pages.model(
                "checkpoints", rows,
                "keyId", checkpoints.keyId(),
                "publicKey", checkpoints.publicKey());
        if (result != null) {
            model.put("result", result);
        }
        return model;
    }

    /** Checkpoint lines an auditor kept ({@code checkpoints.jsonl}, one per line), as the API's verification takes them. */
    private List<DecisionLogCheckpoints.Checkpoint> keptCheckpoints(String text) {
        List<DecisionLogCheckpoints.Checkpoint> kept = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                kept.add(checkpoints.parse(line.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("Line " + number + " of the checkpoints is not a checkpoint line of checkpoints.jsonl: "
                        + DecisionLogController.abbreviate(line.strip()));
            }
            if (kept.size() > 100_000) {
                throw ProblemException.badRequest("At most 100000 checkpoints can be checked at once.");
            }
        }
        return kept;
    }

    private static @Nullable String trim(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
