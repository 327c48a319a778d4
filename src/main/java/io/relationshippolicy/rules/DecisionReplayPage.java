package io.relationshippolicy.rules;

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
import io.relationshippolicy.decisionlog.DecisionLogQueries;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.decisionlog.LoggedCommands;
import io.relationshippolicy.decisionlog.StoredEntry;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.web.PageLocaleResolver;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Locale;
import java.util.Map;

/**
 * The auditors' "replay against the active rules": one logged decision's command and facts, decided again by the
 * rules active now through the same code impact analysis uses ({@link ImpactAnalysis#decide}), compared with what
 * was logged. Nothing is written: a replay is not a decision.
 */
@Hidden
@Controller("/console/decisions/{decisionId}/replay")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.AUDITOR)
@ExecuteOn(TaskExecutors.BLOCKING)
public class DecisionReplayPage {

    private final DecisionLogQueries queries;
    private final ActiveRules rules;
    private final Pages pages;

    public DecisionReplayPage(DecisionLogQueries queries, ActiveRules rules, Pages pages) {
        this.queries = queries;
        this.rules = rules;
        this.pages = pages;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> replay(HttpRequest<?> request, String decisionId) {
        Locale locale = PageLocaleResolver.locale(request);
        StoredEntry stored = queries.entry(decisionId);
        ImpactAnalysis.LoggedInput logged = DecisionLogReplay.input(LoggedCommands.of(stored));
        ImpactAnalysis.Verdict before = ImpactAnalysis.Verdict.of(logged.outcome(), logged.reasonCodes(), logged.obligationCodes());
        Map<String, Object> model = Pages.model("entry", stored.content(), "before", before);
        try {
            Decision now = ImpactAnalysis.decide(rules.engine(), logged);
            ImpactAnalysis.Verdict after = ImpactAnalysis.Verdict.of(now.outcome(), now.reasonCodes(), now.obligationCodes());
            model.put("after", after);
            model.put("same", before.equals(after));
            model.put("activeVersion", now.rulesVersion());
            model.put("reasons", DecisionView.reasons(now.reasons(), locale));
            model.put("obligations", now.obligations().stream().map(o -> DecisionView.ObligationView.of(o, locale)).toList());
        } catch (EvaluationOverBudget e) {
            model.put("failure", e.getMessage());
        } catch (RuntimeException e) {
            model.put("failure", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return pages.render(request, "console-replay", model);
    }
}
