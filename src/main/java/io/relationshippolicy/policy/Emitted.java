package io.relationshippolicy.policy;

/** An outcome fact together with the rule that inserted it. */
public record Emitted(Object fact, RuleRef rule) {
}
