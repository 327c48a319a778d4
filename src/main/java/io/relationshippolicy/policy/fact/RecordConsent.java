package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.Side;

/** Effect of a renegotiation: this side's consent to terminate is recorded. */
public record RecordConsent(Side side) {
}
