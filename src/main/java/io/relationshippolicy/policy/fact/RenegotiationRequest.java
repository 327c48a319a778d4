package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.Side;

/** One side consents to terminate the business relationship (C11). */
public record RenegotiationRequest(String partnerId, String customerId, Side side) {
}
