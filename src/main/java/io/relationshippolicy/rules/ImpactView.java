package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The replay of the last logged decisions against a candidate: how many asked and replayed, which changed, which were skipped. */
@Serdeable
public record ImpactView(int asked, int replayed, List<ChangedDecisionView> changed, List<SkippedDecisionView> skipped) {

    static ImpactView of(int asked, ImpactAnalysis.Impact impact) {
        return new ImpactView(asked, impact.replayed(), impact.changed().stream().map(ChangedDecisionView::of).toList(),
                impact.skipped().stream().map(SkippedDecisionView::of).toList());
    }
}
