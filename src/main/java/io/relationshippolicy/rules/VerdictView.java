package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.Outcome;

import java.util.List;

/** What a logged decision came to under one rules version: outcome, codes, reasons and obligations. */
@Serdeable
public record VerdictView(Outcome outcome, List<String> codes, List<String> reasons, List<String> obligations) {

    static VerdictView of(ImpactAnalysis.Verdict v) {
        return new VerdictView(v.outcome(), v.codes(), v.reasons(), v.obligations());
    }
}
