package io.relationshippolicy.rules;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.RuleFileError;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rules folder after the two checks every version passes before it may decide anything: it compiles, and
 * every case of its scenario files gives what it wants. The same check serves reload, validation, the
 * folder watcher and the {@code rules test} command, so a version that passes one passes them all.
 *
 * @param engine the compiled version, null when the files do not compile
 * @param scenarios the scenario run, null when the files do not compile
 */
public record CheckedRules(SortedMap<String, String> files, String version, PolicyEngine engine,
                           List<RuleFileError> compileErrors, ScenarioReport scenarios) {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRules.class);

    public static CheckedRules check(PolicyCompiler compiler, Map<String, String> files) {
        return check(compiler, files, new Candidate());
    }

    /** As {@link #check(PolicyCompiler, Map)}, for a candidate that may be abandoned while its scenarios run. */
    public static CheckedRules check(PolicyCompiler compiler, Map<String, String> files, Candidate candidate) {
        SortedMap<String, String> copy = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        CompilationResult compiled = compiler.compile(copy);
        if (!compiled.compiles()) {
            return new CheckedRules(copy, PolicyCompiler.version(copy), null, List.copyOf(compiled.errors()), null);
        }
        candidate.compiled(compiled.engine());
        long started = System.nanoTime();
        ScenarioReport report = ScenarioRunner.run(copy, compiled.engine());
        LOG.info("Rules {}: {} scenario cases run in {} ms ({} failed)", compiled.engine().version(), report.passed() + report.failed(),
                (System.nanoTime() - started) / 1_000_000, report.failed());
        return new CheckedRules(copy, compiled.engine().version(), compiled.engine(), List.of(), report);
    }

    public boolean compiles() {
        return engine != null;
    }

    /** Compiles and every scenario passes: this version may go live. */
    public boolean passes() {
        return compiles() && scenarios.allPassed();
    }

    /**
     * Every reason this version may not go live, each with the file and line to fix: compiler errors, and
     * failing scenario cases (named in the message).
     */
    public List<RuleFileError> problems() {
        if (!compiles()) {
            return compileErrors;
        }
        List<RuleFileError> problems = new ArrayList<>();
        for (ScenarioReport.Failure failure : scenarios.failures()) {
            String message = failure.scenario() == null
                    ? failure.message()
                    : "scenario '" + failure.scenario() + "' fails: " + failure.message();
            problems.add(new RuleFileError(failure.file(), failure.line(), message));
        }
        return problems;
    }

    /**
     * A candidate being judged, which whoever waits for it may abandon: from then on every evaluation of its
     * compiled version stops at once, so an abandoned candidate keeps no thread busy.
     */
    public static final class Candidate {
        private volatile PolicyEngine engine;
        private volatile boolean abandoned;

        void compiled(PolicyEngine compiled) {
            engine = compiled;
            if (abandoned) {
                compiled.abandon();
            }
        }

        public void abandon() {
            abandoned = true;
            PolicyEngine compiled = engine;
            if (compiled != null) {
                compiled.abandon();
            }
        }

        public boolean abandoned() {
            return abandoned;
        }
    }

    /** Frees the compiled version; only for a version that never went live. */
    public void discard() {
        if (engine != null) {
            engine.close();
        }
    }
}
