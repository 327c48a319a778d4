package io.relationshippolicy.policy.fact;

/** Inserted by a rule that allows. Without a permit the answer is DENY (default deny). */
public record Permit(String service) {
    public Permit() {
        this(null);
    }
}
