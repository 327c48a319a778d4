package io.relationshippolicy.policy.drools;

/** One problem the compiler found in a rule file; {@code line} is 0 when the compiler could not place it. */
public record RuleFileError(String file, int line, String message) {
}
