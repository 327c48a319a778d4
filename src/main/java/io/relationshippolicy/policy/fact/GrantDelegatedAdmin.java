package io.relationshippolicy.policy.fact;

/** Effect of an acceptance: the partner receives DAP for the service, and the transacting role when it may transact. */
public record GrantDelegatedAdmin(String service, boolean transacting) {
}
