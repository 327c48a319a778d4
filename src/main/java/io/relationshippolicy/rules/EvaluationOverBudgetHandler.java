package io.relationshippolicy.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.system.Problem;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live decision whose rules ran past the evaluation budget fails closed: 503 problem+json, nothing changed
 * and nothing logged as a decision (the transaction rolls back), counted in {@code /metrics} as
 * {@code policy_rules_over_budget_total} so operators see a rules version that should not be serving.
 */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class EvaluationOverBudgetHandler implements ExceptionHandler<EvaluationOverBudget, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationOverBudgetHandler.class);

    private final Counter overBudget;

    public EvaluationOverBudgetHandler(MeterRegistry registry) {
        this.overBudget = Counter.builder("policy.rules.over.budget")
                .description("Live evaluations stopped because the rules ran past their evaluation budget")
                .register(registry);
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, EvaluationOverBudget exception) {
        overBudget.increment();
        LOG.warn("{} {}: rules {} ran past the evaluation budget ({}); answered 503, nothing changed",
                request.getMethod(), request.getPath(), exception.rulesVersion(), exception.getMessage());
        return HttpResponse.<Problem>status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problem.of(503, "The rules could not decide within their budget",
                        "The rules in service (" + exception.rulesVersion() + ") " + exception.getMessage()
                                + ". Nothing was decided or changed. The compliance team must correct the rules; try again later."));
    }
}
