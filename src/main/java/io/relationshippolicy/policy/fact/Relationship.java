package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.Side;

/** The business relationship between one partner and one customer, with the renegotiation consents given so far. */
public record Relationship(String partnerId, String customerId, RelationshipState state,
                           boolean partnerConsentsToTerminate, boolean customerConsentsToTerminate) {

    public static Relationship active(String partnerId, String customerId) {
        return new Relationship(partnerId, customerId, RelationshipState.ACTIVE, false, false);
    }

    public boolean isActive() {
        return state == RelationshipState.ACTIVE;
    }

    public boolean hasConsentOf(Side side) {
        return side == Side.PARTNER ? partnerConsentsToTerminate : customerConsentsToTerminate;
    }

    public Relationship withConsent(Side side) {
        return side == Side.PARTNER
                ? new Relationship(partnerId, customerId, state, true, customerConsentsToTerminate)
                : new Relationship(partnerId, customerId, state, partnerConsentsToTerminate, true);
    }

    public Relationship terminated() {
        return new Relationship(partnerId, customerId, RelationshipState.TERMINATED, false, false);
    }
}
