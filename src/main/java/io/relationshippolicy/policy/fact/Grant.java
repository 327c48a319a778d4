package io.relationshippolicy.policy.fact;

/** What one partner holds for one service of one customer. */
public record Grant(String partnerId, String customerId, String service, boolean delegatedAdmin, boolean transacting) {

    public Grant withoutDelegatedAdmin() {
        return new Grant(partnerId, customerId, service, false, transacting);
    }
}
