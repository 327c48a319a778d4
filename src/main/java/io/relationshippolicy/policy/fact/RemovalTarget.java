package io.relationshippolicy.policy.fact;

/** One grant a DAP removal is aimed at. */
public record RemovalTarget(String partnerId, String service) {
}
