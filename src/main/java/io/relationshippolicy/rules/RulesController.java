package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.RuleRef;
import io.relationshippolicy.rules.RulesActivationStore.FilesChanged;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The compliance team's view of the rules: the catalogue in service, its activation history, reload and
 * validation with impact analysis. Auditors may read the catalogue and the history (which version decided
 * what, and who put it in service); only the compliance team changes anything.
 */
@Controller("/api/v1/rules")
@Secured(Roles.COMPLIANCE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Rules")
public class RulesController {

    @Serdeable
    public record RuleView(String id, String name, String file, String clause) {
        static RuleView of(RuleRef r) {
            return new RuleView(r.id(), r.name(), r.file(), r.clause());
        }
    }

    @Serdeable
    public record Catalogue(String version, Instant activatedAt, String activatedBy, String source, List<RuleView> rules) {
    }

    @Serdeable
    public record FilesView(List<String> added, List<String> changed, List<String> removed) {
        static FilesView of(FilesChanged f) {
            return new FilesView(f.added(), f.changed(), f.removed());
        }
    }

    @Serdeable
    public record ActivationView(long id, String version, Instant activatedAt, String activatedBy, FilesView filesChanged) {
    }

    @Serdeable
    public record AttemptView(long id, Instant attemptedAt, String attemptedBy, String action, String candidateVersion, String result,
                              String reason) {
        static AttemptView of(RulesActivationStore.Attempt a) {
            return new AttemptView(a.id(), a.attemptedAt(), a.attemptedBy(), a.action(), a.candidateVersion(), a.result(), a.reason());
        }
    }

    /** {@code attempts}: the newest validations and reloads, whatever came of them. */
    @Serdeable
    public record History(List<ActivationView> activations, List<AttemptView> attempts) {
    }

    @Serdeable
    public record ReloadBody(@Nullable String expectedVersion) {
    }

    @Serdeable
    public record Reloaded(String version, boolean changed, Instant activatedAt, FilesView filesChanged) {
    }

    @Serdeable
    public record ValidateBody(@Nullable Map<String, String> files, @Nullable Integer last) {
    }

    @Serdeable
    public record ErrorView(String file, int line, int column, String message) {
    }

    @Serdeable
    public record FailureView(String file, int line, @Nullable String scenario, String message) {
    }

    @Serdeable
    public record ScenariosView(int passed, int failed, List<FailureView> failures) {
    }

    @Serdeable
    public record VerdictView(Outcome outcome, List<String> codes, List<String> reasons, List<String> obligations) {
        static VerdictView of(ImpactAnalysis.Verdict v) {
            return new VerdictView(v.outcome(), v.codes(), v.reasons(), v.obligations());
        }
    }

    @Serdeable
    public record ChangeView(String decisionId, long sequence, DecisionKind kind, Instant decidedAt, String rulesVersion,
                             @Nullable String partnerId, @Nullable String customerId, VerdictView before, VerdictView after) {
    }

    @Serdeable
    public record SkippedView(String decisionId, long sequence, String reason) {
    }

    @Serdeable
    public record ImpactView(int asked, int replayed, List<ChangeView> changed, List<SkippedView> skipped) {
    }

    @Serdeable
    public record ValidationView(boolean compiles, boolean activatable, String version, String activeVersion, FilesView files,
                                 List<ErrorView> errors, ScenariosView scenarios, ImpactView impact) {
    }

    private static final int ATTEMPTS_SHOWN = 200;

    private final ActiveRules rules;
    private final RulesWorkflow workflow;

    public RulesController(ActiveRules rules, RulesWorkflow workflow) {
        this.rules = rules;
        this.workflow = workflow;
    }

    @Get
    @Secured({Roles.COMPLIANCE, Roles.AUDITOR})
    @Operation(summary = "The rules in service: version, when and by whom it was activated, and every rule with its clause")
    public Catalogue catalogue() {
        ActiveRules.Active active = rules.current();
        return new Catalogue(active.engine().version(), active.activatedAt(), active.activatedBy(), active.source(),
                active.engine().rules().stream().sorted(Comparator.comparing(RuleRef::id)).map(RuleView::of).toList());
    }

    @Get("/history")
    @Secured({Roles.COMPLIANCE, Roles.AUDITOR})
    @Operation(summary = "Every activation of a rules version, newest first (which, who, when, which files changed), and the "
            + "newest validate and reload attempts (who, when, the candidate's content hash, the result and why)")
    public History history() {
        return new History(workflow.history().stream()
                .map(a -> new ActivationView(a.id(), a.version(), a.activatedAt(), a.activatedBy(), FilesView.of(a.filesChanged())))
                .toList(),
                workflow.attempts(ATTEMPTS_SHOWN).stream().map(AttemptView::of).toList());
    }

    @Post("/reload")
    @Operation(summary = "Activate the rules folder as it is now, once it compiles and all its scenarios pass (422 otherwise)")
    public Reloaded reload(@Nullable @Body ReloadBody body, Authentication authentication) {
        RulesWorkflow.Activated activated = workflow.reloadFolder(Caller.of(authentication).sub(),
                body == null ? null : body.expectedVersion());
        return new Reloaded(activated.version(), activated.changed(), activated.activatedAt(), FilesView.of(activated.filesChanged()));
    }

    @Post("/validate")
    @Operation(summary = "Compile a candidate (the active files with these files added, replaced or deleted), run its scenarios "
            + "and replay the last logged decisions against it; nothing is activated")
    public ValidationView validate(@Nullable @Body ValidateBody body, Authentication authentication) {
        RulesWorkflow.Validation v = workflow.validate(body == null ? null : body.files(), body == null ? null : body.last(),
                Caller.of(authentication).sub());
        CheckedRules checked = v.checked();
        ScenarioReport report = checked.scenarios();
        ScenariosView scenarios = report == null ? new ScenariosView(0, 0, List.of())
                : new ScenariosView(report.passed(), report.failed(), report.failures().stream()
                        .map(f -> new FailureView(f.file(), f.line(), f.scenario(), f.message())).toList());
        ImpactAnalysis.Impact impact = v.impact();
        ImpactView impactView = new ImpactView(v.impactLast(), impact.replayed(),
                impact.changed().stream().map(c -> new ChangeView(c.decisionId(), c.sequence(), c.kind(), c.decidedAt(), c.rulesVersion(),
                        c.partnerId(), c.customerId(), VerdictView.of(c.before()), VerdictView.of(c.after()))).toList(),
                impact.skipped().stream().map(s -> new SkippedView(s.decisionId(), s.sequence(), s.reason())).toList());
        return new ValidationView(checked.compiles(), v.activatable(), checked.version(), v.activeVersion(), FilesView.of(v.files()),
                v.errors().stream().map(e -> new ErrorView(e.file(), e.line(), e.column(), e.message())).toList(),
                scenarios, impactView);
    }
}
