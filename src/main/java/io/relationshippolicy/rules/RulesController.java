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
import io.relationshippolicy.policy.RuleRef;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Comparator;

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
    public RuleCatalogue catalogue() {
        ActiveRules.Active active = rules.current();
        return new RuleCatalogue(active.engine().version(), active.activatedAt(), active.activatedBy(), active.source(),
                active.engine().rules().stream().sorted(Comparator.comparing(RuleRef::id)).map(RuleView::of).toList());
    }

    @Get("/history")
    @Secured({Roles.COMPLIANCE, Roles.AUDITOR})
    @Operation(summary = "Every activation of a rules version, newest first (which, who, when, which files changed), and the "
            + "newest validate and reload attempts (who, when, the candidate's content hash, the result and why)")
    public RulesHistory history() {
        return new RulesHistory(workflow.history().stream().map(ActivationView::of).toList(),
                workflow.attempts(ATTEMPTS_SHOWN).stream().map(AttemptView::of).toList());
    }

    @Post("/reload")
    @Operation(summary = "Activate the rules folder as it is now, once it compiles and all its scenarios pass (422 otherwise)")
    public ReloadAnswer reload(@Nullable @Body ReloadBody body, Authentication authentication) {
        RulesWorkflow.Activated activated = workflow.reloadFolder(Caller.of(authentication).sub(),
                body == null ? null : body.expectedVersion());
        return ReloadAnswer.of(activated);
    }

    @Post("/validate")
    @Operation(summary = "Compile a candidate (the active files with these files added, replaced or deleted), run its scenarios "
            + "and replay the last logged decisions against it; nothing is activated")
    public ValidationView validate(@Nullable @Body ValidateBody body, Authentication authentication) {
        RulesWorkflow.Validation validation = workflow.validate(body == null ? null : body.files(), body == null ? null : body.last(),
                Caller.of(authentication).sub());
        CheckedRules checked = validation.checked();
        return new ValidationView(checked.compiles(), validation.activatable(), checked.version(), validation.activeVersion(),
                FilesView.of(validation.files()), validation.errors().stream().map(RuleFileErrorView::of).toList(),
                ScenariosView.of(checked.scenarios()), ImpactView.of(validation.impactLast(), validation.impact()));
    }
}
