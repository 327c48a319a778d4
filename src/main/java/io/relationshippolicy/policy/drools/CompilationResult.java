package io.relationshippolicy.policy.drools;

import java.util.List;

/** Either a compiled engine or the errors that kept the files from compiling. */
public record CompilationResult(DroolsPolicyEngine engine, List<RuleFileError> errors) {

    public boolean compiles() {
        return engine != null && errors.isEmpty();
    }
}
