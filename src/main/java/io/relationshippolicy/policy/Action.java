package io.relationshippolicy.policy;

/** What a partner may ask to do on a customer (behaviour 6 of the policy). */
public enum Action {
    ADMINISTER_SERVICE(Needs.SERVICE),
    MANAGE_SUBSCRIPTION(Needs.SUBSCRIPTION),
    PROVISION_SUBSCRIPTION(Needs.SERVICE),
    BILLING(Needs.SUBSCRIPTION),
    ADD_SEATS(Needs.SUBSCRIPTION),
    REMOVE_SEATS(Needs.SUBSCRIPTION),
    ORDER_ADD_ON(Needs.SUBSCRIPTION),
    TRANSITION_SUBSCRIPTION(Needs.SUBSCRIPTION),
    MIGRATE_SUBSCRIPTION(Needs.SUBSCRIPTION),
    CHANGE_PARTNER_OF_RECORD(Needs.SUBSCRIPTION),
    PROVIDE_SUPPORT(Needs.NOTHING),
    END_SUPPORT(Needs.NOTHING);

    /** What the request must name besides partner and customer. */
    public enum Needs { SERVICE, SUBSCRIPTION, NOTHING }

    private final Needs needs;

    Action(Needs needs) {
        this.needs = needs;
    }

    public Needs needs() {
        return needs;
    }
}
