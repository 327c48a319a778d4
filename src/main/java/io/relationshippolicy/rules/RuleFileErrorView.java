package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.RuleFileError;

/** An error in a candidate's rule files, at its file, line and column. */
@Serdeable
public record RuleFileErrorView(String file, int line, int column, String message) {

    static RuleFileErrorView of(RuleFileError e) {
        return new RuleFileErrorView(e.file(), e.line(), e.column(), e.message());
    }
}
