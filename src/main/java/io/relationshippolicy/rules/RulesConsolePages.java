package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The compliance team's reading pages: the rules catalogue in service (by area, each rule with its clause, the
 * scenario cases that fire it and its text), and the versions (every activation and every attempt, as
 * {@code GET /api/v1/rules/history} gives them, and a file-by-file difference between two activated versions).
 */
@Hidden
@Controller("/compliance")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.COMPLIANCE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class RulesConsolePages {

    private static final int ATTEMPTS_SHOWN = 200;
    /** Unchanged lines shown around each change in a difference. */
    private static final int CONTEXT = 3;

    /** One file of a difference: its path, how it changed, and its lines (empty for an unchanged file). */
    public record FileDiff(String path, String status, List<LineDiff.Line> lines, int added, int removed) {
    }

    private final RuleSources sources;
    private final RulesController api;
    private final RulesWorkflow workflow;
    private final Pages pages;

    public RulesConsolePages(RuleSources sources, RulesController api, RulesWorkflow workflow, Pages pages) {
        this.sources = sources;
        this.api = api;
        this.workflow = workflow;
        this.pages = pages;
    }

    @Get("/rules")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> catalogue(HttpRequest<?> request) {
        return pages.render(request, "compliance-rules", Pages.model("catalogue", sources.catalogue()));
    }

    @Get("/versions")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> versions(HttpRequest<?> request) {
        RulesHistory history = api.history();
        return pages.render(request, "compliance-versions", Pages.model("history", history,
                "attemptsShown", ATTEMPTS_SHOWN));
    }

    @Get("/versions/diff")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> diff(HttpRequest<?> request, @Nullable @QueryValue String from,
                                                                     @Nullable @QueryValue String to) {
        SortedMap<String, String> before = filesOf("from", from);
        SortedMap<String, String> after = filesOf("to", to);
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            String a = before.get(path);
            String b = after.get(path);
            if (a != null && a.equals(b)) {
                continue;
            }
            List<LineDiff.Line> lines = LineDiff.between(a == null ? "" : a, b == null ? "" : b);
            int added = (int) lines.stream().filter(l -> l.change() == LineDiff.Change.ADDED).count();
            int removed = (int) lines.stream().filter(l -> l.change() == LineDiff.Change.REMOVED).count();
            files.add(new FileDiff(path, a == null ? "added" : b == null ? "removed" : "changed", LineDiff.around(lines, CONTEXT),
                    added, removed));
        }
        return pages.render(request, "compliance-diff", Pages.model("from", from, "to", to, "files", files,
                "history", api.history()));
    }

    private SortedMap<String, String> filesOf(String name, String version) {
        if (version == null || version.isBlank()) {
            throw ProblemException.badRequest("'" + name + "' is required: choose two versions from the list of activations.");
        }
        if (version.length() > 100) {
            throw ProblemException.badRequest("'" + name + "' is not a rules version.");
        }
        SortedMap<String, String> files = workflow.filesOf(version);
        if (files.isEmpty()) {
            throw new ProblemException(io.micronaut.http.HttpStatus.NOT_FOUND, "Rules version not found", "No activated rules version '"
                    + version + "' has its files stored: choose a version from the list of activations.");
        }
        return files;
    }
}
