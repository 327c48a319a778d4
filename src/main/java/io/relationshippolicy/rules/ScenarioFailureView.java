package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A scenario that failed, at its file and line. */
@Serdeable
public record ScenarioFailureView(String file, int line, @Nullable String scenario, String message) {

    static ScenarioFailureView of(ScenarioReport.Failure f) {
        return new ScenarioFailureView(f.file(), f.line(), f.scenario(), f.message());
    }
}
