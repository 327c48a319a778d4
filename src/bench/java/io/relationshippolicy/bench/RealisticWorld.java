package io.relationshippolicy.bench;

import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.util.ArrayList;
import java.util.List;

/**
 * The customer the benchmarks decide about: 20 partners across the 4 default services and 200
 * subscriptions. Partners P-00..P-15 are CSP, P-16..P-19 are not. P-00..P-03 hold the transacting seat
 * with DAP for one service each; P-04..P-07 still transact for a service after the customer removed their
 * DAP; the others hold DAP without transacting. P-19's relationship was renegotiated away. Subscriptions
 * are spread over the services and resold by P-00..P-07, one in five bought through another channel.
 */
public final class RealisticWorld {

    public static final List<String> SERVICES = List.of("MICROSOFT_365", "AZURE", "DYNAMICS_365", "INTUNE");
    public static final String CUSTOMER = "C-BENCH";

    private RealisticWorld() {
    }

    public static String partnerId(int i) {
        return String.format("P-%02d", i);
    }

    public static String subscriptionId(int i) {
        return String.format("S-%03d", i);
    }

    public static CustomerWorld build() {
        Customer customer = new Customer(CUSTOMER, "Bench Customer", Cloud.PUBLIC);
        List<Partner> partners = new ArrayList<>();
        List<Relationship> relationships = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = partnerId(i);
            partners.add(new Partner(id, "Partner " + i, Cloud.PUBLIC, i < 16 ? Program.CSP : Program.NON_CSP));
            relationships.add(new Relationship(id, CUSTOMER, i == 19 ? RelationshipState.TERMINATED : RelationshipState.ACTIVE, false, false));
            if (i == 19) {
                continue;
            }
            String own = SERVICES.get(i % 4);
            String second = SERVICES.get((i + 1) % 4);
            if (i < 4) {
                grants.add(new Grant(id, CUSTOMER, own, true, true));
                grants.add(new Grant(id, CUSTOMER, second, true, false));
            } else if (i < 8) {
                grants.add(new Grant(id, CUSTOMER, own, false, true));
                grants.add(new Grant(id, CUSTOMER, second, true, false));
            } else {
                grants.add(new Grant(id, CUSTOMER, own, true, false));
                grants.add(new Grant(id, CUSTOMER, second, true, false));
            }
        }
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String service = SERVICES.get(i % 4);
            String reseller = i % 5 == 4 ? null : partnerId((i % 4) + (i % 2 == 0 ? 0 : 4));
            subscriptions.add(new Subscription(subscriptionId(i), CUSTOMER, service, reseller));
        }
        return new CustomerWorld(customer, partners, relationships, grants, subscriptions);
    }

    /** What the service hands the rules for one partner's authorization: the partner, its relationship and grants, the subscription named. */
    public static CustomerWorld partnerSlice(CustomerWorld world, String partnerId, String subscriptionId) {
        return new CustomerWorld(world.customer(),
                world.partner(partnerId).stream().toList(),
                world.relationshipOf(partnerId).stream().toList(),
                world.grantsOf(partnerId),
                subscriptionId == null ? List.of() : world.subscription(subscriptionId).stream().toList());
    }
}
