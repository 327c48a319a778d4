package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One case of a scenario file: a world, a command, and what the decision must be. */
public record Scenario(String file, String name, String note, int line, Given given, When when, Want want) {

    /**
     * The world before the command. {@code partners} holds every partner the case names; only those with a
     * relationship to the customer belong to the customer's world, as in the service, where the partner
     * that asks is added by the policy itself.
     */
    public record Given(Customer customer, Map<String, Partner> partners, List<Relationship> relationships,
                        List<Grant> grants, List<Subscription> subscriptions) {

        public Given {
            partners = Map.copyOf(partners);
            relationships = List.copyOf(relationships);
            grants = List.copyOf(grants);
            subscriptions = List.copyOf(subscriptions);
        }

        public CustomerWorld world() {
            Set<String> related = relationships.stream().map(Relationship::partnerId).collect(Collectors.toSet());
            List<Partner> worldPartners = partners.values().stream()
                    .filter(p -> related.contains(p.id()))
                    .sorted(java.util.Comparator.comparing(Partner::id))
                    .toList();
            return new CustomerWorld(customer, worldPartners, relationships, grants, subscriptions);
        }

        public Partner partner(String id) {
            return id == null ? null : partners.get(id);
        }
    }

    /** The command; fields a kind does not use are null (or their default). */
    public record When(DecisionKind kind, String partner, LinkStatus linkStatus, boolean actorIsCustomerAdmin,
                       Boolean linkIntact, List<String> services, Side side, Action action, String service,
                       String subscriptionId) {
    }

    /**
     * What the decision must be. {@code reasons} and {@code obligations} are always checked (left out means
     * none); the other lists and {@code state} are checked only when the case states them (null otherwise).
     */
    public record Want(Outcome outcome, List<Expected> reasons, List<Expected> obligations, List<String> fired,
                       List<String> granted, List<String> denied, List<String> loseDap,
                       RelationshipState state, List<Side> consents) {
    }

    /**
     * A reason or obligation as a scenario writes it: {@code CODE}, optionally {@code for PARTNER} and
     * {@code on SERVICE}. What it leaves out is not compared.
     */
    public record Expected(String code, String partnerId, String service) {

        public static Expected parse(String text) {
            String[] words = text.trim().split("\\s+");
            String code = words[0];
            String partner = null;
            String service = null;
            int i = 1;
            while (i < words.length) {
                if (i + 1 >= words.length) {
                    throw new IllegalArgumentException("'" + text + "': '" + words[i] + "' must be followed by a value");
                }
                switch (words[i]) {
                    case "for" -> partner = words[i + 1];
                    case "on" -> service = words[i + 1];
                    default -> throw new IllegalArgumentException(
                            "'" + text + "': expected CODE, then optionally 'for PARTNER' and 'on SERVICE'");
                }
                i += 2;
            }
            return new Expected(code, partner, service);
        }

        public boolean matches(String actualCode, String actualPartnerId, String actualService) {
            return code.equals(actualCode)
                    && (partnerId == null || partnerId.equals(actualPartnerId))
                    && (service == null || service.equals(actualService));
        }

        int specificity() {
            return (partnerId == null ? 0 : 1) + (service == null ? 0 : 1);
        }

        public static String describe(String code, String partnerId, String service) {
            return code + (partnerId == null ? "" : " for " + partnerId) + (service == null ? "" : " on " + service);
        }

        @Override
        public String toString() {
            return describe(code, partnerId, service);
        }
    }

    @Override
    public String toString() {
        return file + " › " + name;
    }
}
