package io.relationshippolicy.policy;

/**
 * One problem found in a rule file. {@code line} and {@code column} are 1-based, 0 when unknown; {@code message}
 * says what to change, in the words of the rule language, never with a stack trace or an internal name.
 */
public record RuleFileError(String file, int line, int column, String message) {

    public RuleFileError(String file, int line, String message) {
        this(file, line, 0, message);
    }
}
