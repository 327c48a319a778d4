package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.rules.RuleFolder;

import java.nio.file.Path;
import java.util.Map;

/** The real rules folder ({@code policy.rules.path}, else {@code ./rules}), compiled as the service compiles it. */
public final class BenchRules {

    private BenchRules() {
    }

    public static Map<String, String> folder() {
        return RuleFolder.read(Path.of(System.getProperty("policy.rules.path", "rules")));
    }

    public static PolicyEngine compile(Map<String, String> files) {
        CompilationResult result = new DrlCompiler().compile(files);
        if (!result.compiles()) {
            throw new IllegalStateException("the rules do not compile: " + result.errors());
        }
        return result.engine();
    }

    public static PolicyEngine engine() {
        return compile(folder());
    }
}
