package io.relationshippolicy.policy.fact;

/** A partner asks whether its edited email still carries the link exactly as issued (C4). */
public record EmailCheckRequest(String partnerId, boolean linkIntact) {
}
