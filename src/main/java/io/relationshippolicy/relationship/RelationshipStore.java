package io.relationshippolicy.relationship;

import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relationships and their per-service grants, and the world of one customer as the rules see it. Every
 * method runs in the caller's transaction.
 */
@Singleton
public class RelationshipStore {

    private final DirectoryStore directory;
    private final RelationshipRepository relationships;
    private final GrantRepository grants;

    public RelationshipStore(DirectoryStore directory, RelationshipRepository relationships, GrantRepository grants) {
        this.directory = directory;
        this.relationships = relationships;
        this.grants = grants;
    }

    /** Everything about the customer the rules may need; the caller decides whether the customer row is locked. */
    public CustomerWorld world(Customer customer) {
        return world(customer, true);
    }

    /**
     * The customer's world; without subscriptions (and the partners known only as their resellers) when the
     * decision's rules do not read them, as for acceptance and DAP removal.
     */
    public CustomerWorld world(Customer customer, boolean withSubscriptions) {
        List<Relationship> relationships = relationships(customer.id());
        List<Grant> grants = grants(customer.id());
        Set<String> partnerIds = new LinkedHashSet<>();
        relationships.forEach(r -> partnerIds.add(r.partnerId()));
        List<Subscription> subscriptions = withSubscriptions ? directory.subscriptions(customer.id()) : List.of();
        subscriptions.forEach(s -> {
            if (s.resellerOfRecord() != null) {
                partnerIds.add(s.resellerOfRecord());
            }
        });
        List<Partner> partners = directory.partners(List.copyOf(partnerIds));
        return new CustomerWorld(customer, partners, relationships, grants, subscriptions);
    }

    /**
     * The slice of the customer's world one partner's authorization needs: the customer, that partner, its
     * relationship and grants with the customer, and the subscription asked about (if any).
     */
    public CustomerWorld partnerSlice(Customer customer, Partner partner, Subscription subscription) {
        List<Relationship> relationship = relationships.findById(new RelationshipRow.Key(partner.id(), customer.id()))
                .map(RelationshipRow::toRelationship).stream().toList();
        return new CustomerWorld(customer, List.of(partner), relationship, grantsOf(partner.id(), customer.id()),
                subscription == null ? List.of() : List.of(subscription));
    }

    public List<Relationship> relationships(String customerId) {
        return relationships.findByKeyCustomerIdOrderByKeyPartnerId(customerId).stream().map(RelationshipRow::toRelationship).toList();
    }

    public List<Grant> grants(String customerId) {
        return grants.findByKeyCustomerId(customerId, GrantRepository.BY_PARTNER_AND_SERVICE).stream().map(GrantRow::toGrant).toList();
    }

    /** The partner's relationships in a state, with their customers' names: the partner's customer list (C9). */
    public List<PartnerCustomerRow> customersOf(String partnerId, RelationshipState state) {
        List<RelationshipRow> rows = relationships.findByKeyPartnerIdAndStateOrderByKeyCustomerId(partnerId, state);
        Map<String, Customer> customers = directory.customers(rows.stream().map(r -> r.key().customerId()).toList());
        return rows.stream()
                .map(r -> new PartnerCustomerRow(r.key().customerId(), customers.get(r.key().customerId()).name(), r.state()))
                .toList();
    }

    public List<Grant> grantsOf(String partnerId, String customerId) {
        return grants.findByKeyPartnerIdAndKeyCustomerIdOrderByKeyService(partnerId, customerId).stream().map(GrantRow::toGrant).toList();
    }

    public record PartnerCustomerRow(String customerId, String customerName, RelationshipState state) {
    }

    /** Update, else insert: the caller holds the customer's row lock, so no other transaction inserts the same row. */
    public void save(Relationship r) {
        Instant now = Instant.now();
        RelationshipRow row = RelationshipRow.of(r, now);
        if (relationships.update(row.key(), r.state(), r.partnerConsentsToTerminate(), r.customerConsentsToTerminate(), now) == 0) {
            relationships.save(row);
        }
    }

    /** Update, else insert, under the customer's row lock as for relationships. */
    public void save(Grant g) {
        Instant now = Instant.now();
        GrantRow row = GrantRow.of(g, now);
        if (grants.update(row.key(), g.delegatedAdmin(), g.transacting(), now) == 0) {
            grants.save(row);
        }
    }

    public void deleteGrants(String partnerId, String customerId) {
        grants.deleteByKeyPartnerIdAndKeyCustomerId(partnerId, customerId);
    }
}
