package io.relationshippolicy.policy;

import java.util.EnumSet;
import java.util.Set;

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

    /** The commerce actions only the reseller of record may take: DAP never grants them (C2, C3). */
    public static final Set<Action> RESELLER_OF_RECORD_ONLY = EnumSet.of(
            BILLING, ADD_SEATS, REMOVE_SEATS, ORDER_ADD_ON,
            TRANSITION_SUBSCRIPTION, MIGRATE_SUBSCRIPTION, CHANGE_PARTNER_OF_RECORD);

    public boolean resellerOfRecordOnly() {
        return RESELLER_OF_RECORD_ONLY.contains(this);
    }
}
