package io.relationshippolicy.policy;

import java.time.Duration;

/**
 * How far one evaluation of the rules may go: at most {@code maxFirings} rule firings and {@code timeLimit} of
 * time. A decision takes a few dozen firings and well under a millisecond; a rule set that loops (a rule whose
 * consequence feeds its own condition) runs into the budget instead of into every thread of the service.
 */
public record EvaluationBudget(int maxFirings, Duration timeLimit) {

    public static final EvaluationBudget DEFAULT = new EvaluationBudget(10_000, Duration.ofSeconds(2));

    public EvaluationBudget {
        if (maxFirings < 1) {
            throw new IllegalArgumentException("maxFirings must be at least 1");
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
    }
}
