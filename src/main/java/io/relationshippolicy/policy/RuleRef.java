package io.relationshippolicy.policy;

/** A rule as the compliance team knows it: its stable id, its sentence-like name, the clause it cites, its file. */
public record RuleRef(String id, String name, String clause, String file) {
}
