package io.relationshippolicy.policy;

/**
 * An evaluation stopped because the rules ran past their {@link EvaluationBudget}, or because the candidate
 * being judged was abandoned. Nothing the evaluation produced is used: the decision fails closed.
 */
public class EvaluationOverBudget extends RuntimeException {

    private final String rulesVersion;

    public EvaluationOverBudget(String message, String rulesVersion) {
        super(message, null, false, false);
        this.rulesVersion = rulesVersion;
    }

    public String rulesVersion() {
        return rulesVersion;
    }
}
