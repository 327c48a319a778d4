package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Outcome;

import java.util.List;

/** What running the scenarios of a rules folder gave: counts, the failures to fix, and every case's result. */
public record ScenarioReport(int passed, int failed, List<Failure> failures, List<CaseResult> results) {

    public ScenarioReport {
        failures = List.copyOf(failures);
        results = List.copyOf(results);
    }

    public boolean allPassed() {
        return failed == 0;
    }

    /**
     * A case that did not give what it wants, or a scenario file that could not be read ({@code scenario} is
     * null then). {@code line} is where the case or the problem starts, 0 when unknown.
     */
    public record Failure(String file, int line, String scenario, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + (scenario == null ? "" : " › " + scenario) + ": " + message;
        }
    }

    /** One case as it ran: {@code outcome} and {@code firedRules} are what the rules actually decided. */
    public record CaseResult(String file, int line, String scenario, boolean passed, String message,
                             Outcome outcome, List<String> firedRules) {
        public CaseResult {
            firedRules = List.copyOf(firedRules);
        }
    }
}
