package io.relationshippolicy.rules;

import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;

import java.nio.file.Path;
import java.util.Map;

/**
 * The real rules folder, read and compiled once per test JVM: compiling takes seconds, and the scenario
 * and coverage tests look at the same version.
 */
final class RulesUnderTest {

    private static Map<String, String> folder;
    private static CompilationResult compiled;

    private RulesUnderTest() {
    }

    static Path path() {
        return Path.of(System.getProperty("policy.rules.path", "rules"));
    }

    static synchronized Map<String, String> folder() {
        if (folder == null) {
            folder = RuleFolder.read(path());
        }
        return folder;
    }

    static synchronized CompilationResult compiled() {
        if (compiled == null) {
            compiled = new DrlCompiler().compile(folder());
        }
        return compiled;
    }

    static synchronized ScenarioReport report() {
        if (!compiled().compiles()) {
            throw new AssertionError("the rules in " + path().toAbsolutePath() + " do not compile: " + compiled().errors());
        }
        return ScenarioRunner.run(folder(), compiled().engine());
    }
}
