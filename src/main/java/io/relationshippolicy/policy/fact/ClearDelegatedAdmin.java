package io.relationshippolicy.policy.fact;

/** Effect of a removal: DAP is cleared for this partner and service; the relationship and transacting role stay (C11). */
public record ClearDelegatedAdmin(String partnerId, String service) {
}
