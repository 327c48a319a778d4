package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.Action;

/** A partner asks, before it acts on a customer, whether it may. {@code service} and {@code subscriptionId} may be null. */
public record AuthorizationRequest(String partnerId, String customerId, Action action, String service, String subscriptionId) {
}
