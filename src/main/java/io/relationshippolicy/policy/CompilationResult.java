package io.relationshippolicy.policy;

import java.util.List;

/** Either a compiled engine or the errors, each at its file and line, that kept the files from compiling. */
public record CompilationResult(PolicyEngine engine, List<RuleFileError> errors) {

    public boolean compiles() {
        return engine != null && errors.isEmpty();
    }
}
