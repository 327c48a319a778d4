package io.relationshippolicy.policy.fact;

/** Effect of a renegotiation both sides agreed to: the relationship ends, its grants and obligations with it. */
public record TerminateRelationship(String partnerId, String customerId) {
}
