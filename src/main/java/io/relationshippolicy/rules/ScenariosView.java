package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** How many of a candidate's scenarios passed and failed, and each failure. */
@Serdeable
public record ScenariosView(int passed, int failed, List<ScenarioFailureView> failures) {

    /** No report (the candidate did not compile): nothing ran. */
    static ScenariosView of(ScenarioReport report) {
        if (report == null) {
            return new ScenariosView(0, 0, List.of());
        }
        return new ScenariosView(report.passed(), report.failed(), report.failures().stream().map(ScenarioFailureView::of).toList());
    }
}
