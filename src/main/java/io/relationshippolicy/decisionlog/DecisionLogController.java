package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Enums;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.system.Messages;
import io.relationshippolicy.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The decision log for auditors: queries, one entry, export, chain verification and signed checkpoints. */
@Controller("/api/v1/decision-log")
@Secured(Roles.AUDITOR)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Decision log")
public class DecisionLogController {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9_.:-]{1,80}");
    private static final String CURSOR_PREFIX = "before:";

    private final DecisionLogQueries queries;
    private final JsonMapper json;
    private final DecisionLogExport export;
    private final DecisionLogVerifier verifier;
    private final DecisionLogCheckpoints checkpoints;

    public DecisionLogController(DecisionLogQueries queries, JsonMapper json, DecisionLogExport export,
                                 DecisionLogVerifier verifier, DecisionLogCheckpoints checkpoints) {
        this.queries = queries;
        this.json = json;
        this.export = export;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
    }

    @Get
    @Operation(summary = "Entries matching the filters, newest first, a page at a time")
    public DecisionLogPage query(@Nullable @QueryValue String partnerId, @Nullable @QueryValue String customerId,
                                 @Nullable @QueryValue String kind, @Nullable @QueryValue String outcome,
                                 @Nullable @QueryValue String code, @Nullable @QueryValue String action,
                                 @Nullable @QueryValue String service, @Nullable @QueryValue String rulesVersion,
                                 @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                 @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor,
                                 @Nullable @Header("Accept-Language") String language) {
        Locale locale = Messages.resolve(language);
        DecisionLogQueries.Filter filter = filter(partnerId, customerId, kind, outcome, code, action, service, rulesVersion, from, to);
        int size = limit(limit);
        Long before = cursor == null || cursor.isEmpty() ? null : decodeCursor(cursor);
        DecisionLogQueries.EntryPage page = queries.page(filter, before, size);
        List<Map<String, Object>> entries = new ArrayList<>(page.entries().size());
        for (StoredEntry entry : page.entries()) {
            entries.add(entry.view(json, locale));
        }
        return new DecisionLogPage(entries, page.nextBefore() == null ? null : encodeCursor(page.nextBefore()));
    }

    @Get("/export")
    @Operation(summary = "Every matching entry, oldest first, streamed as NDJSON (one entry per line) or CSV")
    public HttpResponse<StreamedFile> export(@Nullable @QueryValue String format, @Nullable @QueryValue String partnerId,
                                             @Nullable @QueryValue String customerId, @Nullable @QueryValue String kind,
                                             @Nullable @QueryValue String outcome, @Nullable @QueryValue String code,
                                             @Nullable @QueryValue String action, @Nullable @QueryValue String service,
                                             @Nullable @QueryValue String rulesVersion, @Nullable @QueryValue String from,
                                             @Nullable @QueryValue String to, @Nullable @Header("Accept-Language") String language) {
        return exportResponse(export, exportFormat(format),
                filter(partnerId, customerId, kind, outcome, code, action, service, rulesVersion, from, to), Messages.resolve(language));
    }

    @Get("/verification")
    @Operation(summary = "Walk the hash chain against the installation's signed checkpoints")
    public DecisionLogVerifier.Verification verification() {
        return verifier.verify();
    }

    @Post("/verification")
    @Operation(summary = "Walk the hash chain against the signed checkpoints sent (those an auditor kept)")
    public DecisionLogVerifier.Verification verificationWith(@Body VerificationBody body) {
        List<DecisionLogCheckpoints.Checkpoint> kept = body.checkpoints() == null ? List.of() : body.checkpoints();
        return verifier.verify(kept);
    }

    @Get("/checkpoints")
    @Operation(summary = "The signed checkpoints, newest first, and the public key that verifies them")
    public CheckpointList checkpoints(@Nullable @QueryValue String limit) {
        int size = limit(limit);
        return new CheckpointList(checkpoints.keyId(), checkpoints.publicKey(), checkpoints.folder().toString(),
                checkpoints.newestFirst(size));
    }

    @Post("/checkpoints")
    @Operation(summary = "Sign the current head now and append it to the checkpoint file: 201 when taken, 200 with the latest "
            + "checkpoint when the log has not grown since, 429 with Retry-After within the on-demand interval")
    public HttpResponse<DecisionLogCheckpoints.Checkpoint> takeCheckpoint() {
        DecisionLogCheckpoints.OnDemand result = checkpoints.onDemand();
        if (result.taken()) {
            return HttpResponse.created(result.checkpoint());
        }
        if (result.checkpoint() != null) {
            return HttpResponse.ok(result.checkpoint());
        }
        long seconds = Math.max(1, (result.retryAfter().toMillis() + 999) / 1000);
        throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "Checkpoint taken recently", "A checkpoint was taken on demand "
                + "less than the on-demand interval ago, and checkpoints are also taken every interval and at shutdown. Ask again in "
                + seconds + " s, or use the latest one from GET /api/v1/decision-log/checkpoints.", null, seconds);
    }

    @Get("/{decisionId}")
    @Operation(summary = "One entry by its decision id")
    public Map<String, Object> entry(String decisionId, @Nullable @Header("Accept-Language") String language) {
        Locale locale = Messages.resolve(language);
        return queries.entry(decisionId).view(json, locale);
    }

    // ------------------------------------------------------------------ parameters

    /** The export format named: {@code ndjson} (the default) or {@code csv}. */
    static DecisionLogExport.Format exportFormat(String format) {
        if (format == null || format.isEmpty() || format.equalsIgnoreCase("ndjson")) {
            return DecisionLogExport.Format.NDJSON;
        }
        if (format.equalsIgnoreCase("csv")) {
            return DecisionLogExport.Format.CSV;
        }
        throw ProblemException.badRequest("'format' must be 'ndjson' or 'csv', not '" + abbreviate(format) + "'.");
    }

    /** The export of {@code filter}, streamed as a download. */
    static HttpResponse<StreamedFile> exportResponse(DecisionLogExport export, DecisionLogExport.Format exportFormat,
                                                     DecisionLogQueries.Filter filter, Locale locale) {
        MediaType type = exportFormat == DecisionLogExport.Format.CSV
                ? new MediaType("text/csv; charset=utf-8") : new MediaType("application/x-ndjson");
        String file = "decision-log." + (exportFormat == DecisionLogExport.Format.CSV ? "csv" : "ndjson");
        return HttpResponse.ok(new StreamedFile(export.stream(filter, exportFormat, locale), type))
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    }

    static DecisionLogQueries.Filter filter(String partnerId, String customerId, String kind, String outcome, String code,
                                            String action, String service, String rulesVersion, String from, String to) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw ProblemException.badRequest("'from' (" + from + ") must be before 'to' (" + to + "): from is inclusive, to exclusive.");
        }
        return new DecisionLogQueries.Filter(
                blank(partnerId) ? null : Ids.require("partner", partnerId),
                blank(customerId) ? null : Ids.require("customer", customerId),
                blank(kind) ? null : Enums.parse(DecisionKind.class, "kind", kind).name(),
                blank(outcome) ? null : Enums.parse(Outcome.class, "outcome", outcome).name(),
                matching("code", code, CODE, "a reason or obligation code such as ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE"),
                matching("action", action, TEXT, "an action name"),
                matching("service", service, TEXT, "a service id such as AZURE"),
                matching("rulesVersion", rulesVersion, TEXT, "a rules version such as sha256:..."),
                fromInstant, toInstant);
    }

    private static String matching(String name, String value, Pattern pattern, String what) {
        if (blank(value)) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw ProblemException.badRequest("'" + name + "' must be " + what + ", not '" + abbreviate(value) + "'.");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 date-time with an offset, such as "
                    + "2026-11-21T10:00:00Z, not '" + abbreviate(value) + "'.");
        }
    }

    static int limit(String limit) {
        if (blank(limit)) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + abbreviate(limit) + "'.");
    }

    static String encodeCursor(long beforeSequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + beforeSequence).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                long sequence = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
                if (sequence > 0) {
                    return sequence;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest("'cursor' is not one this service issued: pass the nextCursor of the previous page unchanged, "
                + "or leave it out to start from the newest entry.");
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
