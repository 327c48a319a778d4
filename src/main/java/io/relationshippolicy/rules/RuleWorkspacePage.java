package io.relationshippolicy.rules;

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
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The change workspace: a candidate that starts as the active version's files; the compliance team edits a file
 * or uploads one, validates the candidate through the same call as {@code POST /api/v1/rules/validate} (errors
 * at file and line, scenario results, the impact on logged decisions), then activates exactly what it validated
 * after a confirmation that names the version and its impact, through the same gate as reload. The candidate is
 * kept between requests in {@link RuleDrafts}, one per signed-in person.
 */
@Hidden
@Controller("/compliance/workspace")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.COMPLIANCE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class RuleWorkspacePage {

    /** One file of the candidate: its path and whether the draft adds, changes or deletes it. */
    public record CandidateFile(String path, String state, boolean selected) {
    }

    /** One line of the selected file, numbered, with the errors reported at that line. */
    public record NumberedLine(int number, String text, List<String> errors) {
    }

    private static final int MAX_UPLOAD_BYTES = 512 * 1024;

    private final RulesController api;
    private final RulesWorkflow workflow;
    private final ActiveRules rules;
    private final RuleDrafts drafts;
    private final Pages pages;
    private final FormTokens formTokens;

    public RuleWorkspacePage(RulesController api, RulesWorkflow workflow, ActiveRules rules, RuleDrafts drafts, Pages pages,
                             FormTokens formTokens) {
        this.api = api;
        this.workflow = workflow;
        this.rules = rules;
        this.drafts = drafts;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> show(HttpRequest<?> request, Authentication authentication,
                                                                     @Nullable @QueryValue String file) {
        return workspace(request, HttpStatus.OK, authentication, file, null, null);
    }

    @Post("/save")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(HttpRequest<?> request, @Body Map<String, Object> form, Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        String path = Pages.field(form, "file");
        Object text = form.get("text");
        if (text instanceof List<?> list) {
            text = list.isEmpty() ? null : list.get(0);
        }
        drafts.put(owner(authentication), required(path), text == null ? "" : text.toString(), rules.current().files());
        return backTo(path);
    }

    @Post("/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> delete(HttpRequest<?> request, @Body Map<String, Object> form, Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        drafts.put(owner(authentication), required(Pages.field(form, "file")), "", rules.current().files());
        return backTo(null);
    }

    @Post(value = "/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> upload(HttpRequest<?> request, @Part("_csrf") @Nullable String token, @Part("path") @Nullable String path,
                                  @Part("upload") @Nullable CompletedFileUpload upload, Authentication authentication) {
        formTokens.require(request, token);
        if (upload == null || upload.getSize() == 0) {
            throw ProblemException.badRequest("Choose a file to upload.");
        }
        if (upload.getSize() > MAX_UPLOAD_BYTES) {
            throw ProblemException.badRequest("A rule file may hold at most 512 KB; this one has " + upload.getSize() + " bytes.");
        }
        String target = path == null || path.isBlank() ? upload.getFilename() : path.trim();
        drafts.put(owner(authentication), required(target), utf8(upload), rules.current().files());
        return backTo(target);
    }

    @Post("/discard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> discard(HttpRequest<?> request, @Body Map<String, Object> form, Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        drafts.discard(owner(authentication));
        return backTo(null);
    }

    @Post("/validate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> validate(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                         Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        String owner = owner(authentication);
        RuleDrafts.Draft draft = drafts.of(owner);
        ValidationView validation = api.validate(new ValidateBody(new HashMap<>(draft.overlay()), null), authentication);
        RuleDrafts.Validated counts = RuleDrafts.Validated.of(validation);
        drafts.validated(owner, draft, counts);
        return workspace(request, HttpStatus.OK, authentication, Pages.field(form, "file"), validation, null);
    }

    @Get("/activate")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> confirm(HttpRequest<?> request, Authentication authentication) {
        RuleDrafts.Draft draft = drafts.of(owner(authentication));
        RuleDrafts.Validated validated = validatedOrRefuse(draft);
        return pages.render(request, "compliance-activate", Pages.model("draft", draft, "validated", validated,
                "activeVersion", rules.current().engine().version()));
    }

    @Post("/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> activate(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                         Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        String owner = owner(authentication);
        RuleDrafts.Draft draft = drafts.of(owner);
        RuleDrafts.Validated validated = validatedOrRefuse(draft);
        String version = Pages.field(form, "version");
        if (version == null || !version.equals(validated.version())) {
            throw ProblemException.conflict("The confirmation was for version " + version + ", but the workspace now holds "
                    + validated.version() + ": review the confirmation again.");
        }
        try {
            ReloadAnswer activated = ReloadAnswer.of(workflow.activateCandidate(draft.overlay(), owner, version));
            drafts.discard(owner);
            return pages.render(request, "compliance-activated", Pages.model("activated", activated, "validated", validated));
        } catch (RulesRejected rejected) {
            return workspace(request, HttpStatus.UNPROCESSABLE_ENTITY, authentication, null, null, rejected.body());
        }
    }

    private MutableHttpResponse<ModelAndView<Map<String, Object>>> workspace(HttpRequest<?> request, HttpStatus status,
                                                                           Authentication authentication, @Nullable String file,
                                                                           @Nullable ValidationView validation,
                                                                           @Nullable RulesRejected.Body rejected) {
        RuleDrafts.Draft draft = drafts.of(owner(authentication));
        Map<String, String> active = rules.current().files();
        SortedMap<String, String> candidate = RulesWorkflow.overlay(active, draft.overlay());
        String selected = file != null && (candidate.containsKey(file) || active.containsKey(file)) ? file : null;
        List<CandidateFile> files = new ArrayList<>();
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(active.keySet());
        paths.addAll(candidate.keySet());
        for (String path : paths) {
            String state = !candidate.containsKey(path) ? "deleted" : !active.containsKey(path) ? "added"
                    : draft.overlay().containsKey(path) ? "changed" : "same";
            files.add(new CandidateFile(path, state, path.equals(selected)));
        }
        String text = selected == null ? null : candidate.getOrDefault(selected, "");
        Map<Integer, List<String>> errorsAtLine = new TreeMap<>();
        if (validation != null && selected != null) {
            validation.errors().stream().filter(e -> selected.equals(e.file()))
                    .forEach(e -> errorsAtLine.computeIfAbsent(e.line(), k -> new ArrayList<>()).add(e.message()));
            validation.scenarios().failures().stream().filter(f -> selected.equals(f.file()))
                    .forEach(f -> errorsAtLine.computeIfAbsent(f.line(), k -> new ArrayList<>()).add(f.message()));
        }
        List<NumberedLine> lines = new ArrayList<>();
        if (text != null) {
            String[] split = text.split("\r?\n", -1);
            for (int i = 0; i < split.length; i++) {
                lines.add(new NumberedLine(i + 1, split[i], errorsAtLine.getOrDefault(i + 1, List.of())));
            }
        }
        return pages.render(request, status, "compliance-workspace", Pages.model(
                "draft", draft, "files", files, "selected", selected, "text", text, "lines", lines,
                "activeVersion", rules.current().engine().version(),
                "validation", validation, "counts", validation == null ? null : RuleDrafts.Validated.of(validation),
                "rejected", rejected));
    }

    private static RuleDrafts.Validated validatedOrRefuse(RuleDrafts.Draft draft) {
        RuleDrafts.Validated validated = draft.validated();
        if (draft.empty() || validated == null || !validated.activatable()) {
            throw ProblemException.conflict("There is nothing validated to activate: change a file, validate the candidate, and activate it "
                    + "once it compiles and every scenario passes.");
        }
        return validated;
    }

    private static String required(String path) {
        if (path == null || path.isBlank()) {
            throw ProblemException.badRequest("Name the file: a path inside the rules folder such as relationships/removal/removal.drl.");
        }
        return path.trim();
    }

    private static String utf8(CompletedFileUpload upload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(upload.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("'" + upload.getFilename() + "' is not UTF-8 text: rule files are UTF-8.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<?> backTo(@Nullable String file) {
        return HttpResponse.seeOther(URI.create("/compliance/workspace"
                + (file == null ? "" : "?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8))));
    }

    private static String owner(Authentication authentication) {
        return Caller.of(authentication).sub();
    }
}
