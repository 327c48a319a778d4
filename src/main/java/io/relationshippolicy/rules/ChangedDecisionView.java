package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.DecisionKind;

import java.time.Instant;

/** A logged decision the candidate would decide otherwise: the decision, its verdict before and after. */
@Serdeable
public record ChangedDecisionView(String decisionId, long sequence, DecisionKind kind, Instant decidedAt, String rulesVersion,
                                  @Nullable String partnerId, @Nullable String customerId, VerdictView before, VerdictView after) {

    static ChangedDecisionView of(ImpactAnalysis.Change c) {
        return new ChangedDecisionView(c.decisionId(), c.sequence(), c.kind(), c.decidedAt(), c.rulesVersion(), c.partnerId(),
                c.customerId(), VerdictView.of(c.before()), VerdictView.of(c.after()));
    }
}
