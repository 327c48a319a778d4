package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.RuleFileError;

import java.util.List;

/**
 * A rules version refused before it went live: it does not compile, or a scenario case fails. The active
 * rules are untouched. Answered as 422 problem+json whose {@code errors} list file, line and message.
 */
public class RulesRejected extends RuntimeException {

    /** The problem+json body: RFC 9457 fields plus what to fix, where. */
    @Serdeable
    public record Body(String type, String title, int status, String detail, List<Error> errors,
                       @Nullable String version, String activeVersion) {
    }

    @Serdeable
    public record Error(String file, int line, int column, String message) {
        static Error of(RuleFileError e) {
            return new Error(e.file(), e.line(), e.column(), e.message());
        }
    }

    private final transient Body body;

    public RulesRejected(String detail, List<RuleFileError> errors, String candidateVersion, String activeVersion) {
        super(detail, null, false, false);
        this.body = new Body("about:blank", "Rules rejected", 422, detail, errors.stream().map(Error::of).toList(),
                candidateVersion, activeVersion);
    }

    static RulesRejected of(CheckedRules checked, String activeVersion) {
        List<RuleFileError> problems = checked.problems();
        String what = checked.compiles()
                ? checked.scenarios().failed() + " scenario case(s) fail"
                : problems.size() + " compile error(s)";
        return new RulesRejected("The rules were not activated: " + what + ". Fix each file at the line given; the rules in "
                + "service stay " + activeVersion + ".", problems, checked.version(), activeVersion);
    }

    public Body body() {
        return body;
    }
}
