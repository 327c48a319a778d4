package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.Denial;
import io.relationshippolicy.policy.fact.Permit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Aggregates what the rules inserted into a decision: any denial gives DENY; otherwise a permit gives
 * ALLOW; otherwise DENY with {@link Decision#NO_RULE_ALLOWS} (default deny).
 */
public final class Decisions {

    private Decisions() {
    }

    public static Decision aggregate(DecisionKind kind, Evaluation evaluation) {
        List<Decision.Reason> reasons = reasons(evaluation);
        boolean permitted = !evaluation.facts(Permit.class).isEmpty();
        Outcome outcome = reasons.isEmpty() && permitted ? Outcome.ALLOW : Outcome.DENY;
        if (outcome == Outcome.DENY && reasons.isEmpty()) {
            reasons = List.of(defaultDeny(null));
        }
        return new Decision(kind, outcome, reasons, obligations(evaluation), evaluation.firedRuleIds(), evaluation.rulesVersion());
    }

    /** Every denial as a reason, without duplicates, in the order the rules inserted them. */
    public static List<Decision.Reason> reasons(Evaluation evaluation) {
        Set<Decision.Reason> reasons = new LinkedHashSet<>();
        for (Emitted e : evaluation.emitted(Denial.class)) {
            Denial d = (Denial) e.fact();
            reasons.add(new Decision.Reason(d.code(), e.rule().clause(), e.rule().id(), d.service(), d.partnerId()));
        }
        return new ArrayList<>(reasons);
    }

    public static List<Decision.Obligation> obligations(Evaluation evaluation) {
        Set<Decision.Obligation> obligations = new LinkedHashSet<>();
        for (Emitted e : evaluation.emitted(io.relationshippolicy.policy.fact.Obligation.class)) {
            var o = (io.relationshippolicy.policy.fact.Obligation) e.fact();
            obligations.add(new Decision.Obligation(o.code(), e.rule().clause(), e.rule().id(), o.service(), o.partnerId()));
        }
        return new ArrayList<>(obligations);
    }

    public static Decision.Reason defaultDeny(String service) {
        return new Decision.Reason(Decision.NO_RULE_ALLOWS, null, null, service, null);
    }
}
