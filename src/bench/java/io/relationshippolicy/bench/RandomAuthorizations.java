package io.relationshippolicy.bench;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random authorization requests as the service would evaluate them after validation: a partner of either
 * program, no / an active / a terminated relationship, any mix of grants over the four services, and a
 * subscription (resold by this partner, another one, or nobody) when the action names one.
 */
public final class RandomAuthorizations {

    /** One request with the partner-scoped facts the service reads for it. */
    public record Item(CustomerWorld slice, Partner partner, AuthorizationRequest request) {
    }

    private RandomAuthorizations() {
    }

    public static List<Item> generate(long seed, int count) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>(count);
        Customer customer = new Customer("C-RANDOM", "Random customer", Cloud.PUBLIC);
        List<String> services = RealisticWorld.SERVICES;
        Action[] actions = Action.values();
        for (int n = 0; n < count; n++) {
            Partner partner = new Partner("P-" + n, "Partner " + n, Cloud.PUBLIC, random.nextInt(4) == 0 ? Program.NON_CSP : Program.CSP);
            List<Relationship> relationships = switch (random.nextInt(4)) {
                case 0 -> List.of();
                case 1 -> List.of(new Relationship(partner.id(), customer.id(), RelationshipState.TERMINATED, false, false));
                default -> List.of(new Relationship(partner.id(), customer.id(), RelationshipState.ACTIVE, random.nextBoolean(), false));
            };
            List<Grant> grants = new ArrayList<>();
            for (String service : services) {
                if (random.nextInt(3) > 0) {
                    grants.add(new Grant(partner.id(), customer.id(), service, random.nextBoolean(), random.nextBoolean()));
                }
            }
            Action action = actions[random.nextInt(actions.length)];
            String service = null;
            String subscriptionId = null;
            List<Subscription> subscriptions = List.of();
            switch (action.needs()) {
                case SERVICE -> service = services.get(random.nextInt(services.size()));
                case SUBSCRIPTION -> {
                    subscriptionId = "S-" + n;
                    String reseller = switch (random.nextInt(3)) {
                        case 0 -> partner.id();
                        case 1 -> "P-OTHER";
                        default -> null;
                    };
                    subscriptions = List.of(new Subscription(subscriptionId, customer.id(), services.get(random.nextInt(services.size())), reseller));
                }
                case NOTHING -> service = random.nextBoolean() ? services.get(random.nextInt(services.size())) : null;
            }
            CustomerWorld slice = new CustomerWorld(customer, List.of(partner), relationships, grants, subscriptions);
            items.add(new Item(slice, partner, new AuthorizationRequest(partner.id(), customer.id(), action, service, subscriptionId)));
        }
        return items;
    }
}
