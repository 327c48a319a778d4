package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the rules may need to know about one customer: the customer, every partner it has or had
 * a relationship with, those relationships with their grants, and its subscriptions.
 */
public record CustomerWorld(Customer customer, List<Partner> partners, List<Relationship> relationships,
                            List<Grant> grants, List<Subscription> subscriptions) {

    public CustomerWorld {
        partners = List.copyOf(partners);
        relationships = List.copyOf(relationships);
        grants = List.copyOf(grants);
        subscriptions = List.copyOf(subscriptions);
    }

    public Optional<Partner> partner(String partnerId) {
        return partners.stream().filter(p -> p.id().equals(partnerId)).findFirst();
    }

    public Optional<Relationship> relationshipOf(String partnerId) {
        return relationships.stream().filter(r -> r.partnerId().equals(partnerId)).findFirst();
    }

    public List<Grant> grantsOf(String partnerId) {
        return grants.stream().filter(g -> g.partnerId().equals(partnerId)).toList();
    }

    public Optional<Grant> grant(String partnerId, String service) {
        return grants.stream().filter(g -> g.partnerId().equals(partnerId) && g.service().equals(service)).findFirst();
    }

    public Optional<Subscription> subscription(String subscriptionId) {
        return subscriptions.stream().filter(s -> s.id().equals(subscriptionId)).findFirst();
    }

    /** The same world with this partner known too (a partner asking for the first time has no relationship yet). */
    public CustomerWorld withPartner(Partner partner) {
        if (partner == null || partner(partner.id()).isPresent()) {
            return this;
        }
        List<Partner> more = new ArrayList<>(partners);
        more.add(partner);
        return new CustomerWorld(customer, more, relationships, grants, subscriptions);
    }

    /**
     * The same world without subscriptions: what acceptance and DAP-removal rules see. Subscriptions only
     * matter to billing-type authorization and to renegotiation (C3, C11); leaving them out keeps a
     * decision on a customer with hundreds of subscriptions as cheap as on one with none.
     */
    public CustomerWorld withoutSubscriptions() {
        return subscriptions.isEmpty() ? this : new CustomerWorld(customer, partners, relationships, grants, List.of());
    }

    /** The world as facts for the rules. */
    public List<Object> facts() {
        List<Object> facts = new ArrayList<>();
        facts.add(customer);
        facts.addAll(partners);
        facts.addAll(relationships);
        facts.addAll(grants);
        facts.addAll(subscriptions);
        return facts;
    }
}
