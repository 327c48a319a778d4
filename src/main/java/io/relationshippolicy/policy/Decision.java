package io.relationshippolicy.policy;

import java.util.List;

/**
 * What the policy decided, before it is logged. Every reason and obligation carries the clause it rests
 * on and the id of the rule that produced it; {@code service} and {@code partnerId} are set where a reason
 * or obligation concerns one service or one partner only.
 */
public record Decision(DecisionKind kind, Outcome outcome, List<Reason> reasons, List<Obligation> obligations,
                       List<String> firedRules, String rulesVersion) {

    /** The reason code of a default deny: no rule allowed the request. */
    public static final String NO_RULE_ALLOWS = "NO_RULE_ALLOWS";

    public record Reason(String code, String clause, String ruleId, String service, String partnerId) {
    }

    public record Obligation(String code, String clause, String ruleId, String service, String partnerId) {
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }

    public List<String> obligationCodes() {
        return obligations.stream().map(Obligation::code).toList();
    }
}
