package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

/** A logged decision the impact analysis could not replay, and why. */
@Serdeable
public record SkippedDecisionView(String decisionId, long sequence, String reason) {

    static SkippedDecisionView of(ImpactAnalysis.Skipped s) {
        return new SkippedDecisionView(s.decisionId(), s.sequence(), s.reason());
    }
}
