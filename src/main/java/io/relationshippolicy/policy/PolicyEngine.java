package io.relationshippolicy.policy;

import java.util.Collection;
import java.util.List;

/**
 * The port through which the policy core asks the rules. One implementation is one immutable, compiled
 * version of the rules: a decision uses one engine from start to end, so it is never taken half by one
 * version and half by another.
 */
public interface PolicyEngine extends AutoCloseable {

    /**
     * Evaluates the rules over these facts; rules insert outcome facts, nothing else changes.
     *
     * @throws EvaluationOverBudget when the rules run past the version's evaluation budget
     */
    Evaluation evaluate(Collection<?> facts);

    /** Content hash of the rule files this engine was compiled from, {@code sha256:<hex>}. */
    String version();

    /** Every rule of this version. */
    List<RuleRef> rules();

    /** The messages of this version's reason and obligation codes. */
    RuleMessages messages();

    /**
     * Stops every evaluation of this version at its next rule firing, and refuses new ones: for a candidate
     * whose check ran past its deadline.
     */
    void abandon();

    /**
     * Frees the compiled version now. Only for a version no decision can reach (a candidate that was only
     * validated, or refused); a version that was active is freed once unreachable. Closing twice is harmless.
     */
    @Override
    void close();
}
