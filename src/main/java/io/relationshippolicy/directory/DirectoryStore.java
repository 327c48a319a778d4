package io.relationshippolicy.directory;

import io.micronaut.data.connection.ConnectionOperations;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.system.Database;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Partners, customers and subscriptions, through their repositories. Every method runs in the caller's
 * transaction (the one {@link Database} opened), so a directory change commits or rolls back with it.
 */
@Singleton
public class DirectoryStore {

    private final PartnerRepository partners;
    private final CustomerRepository customers;
    private final SubscriptionRepository subscriptions;
    private final ConnectionOperations<Connection> connections;

    public DirectoryStore(PartnerRepository partners, CustomerRepository customers, SubscriptionRepository subscriptions,
                          ConnectionOperations<Connection> connections) {
        this.partners = partners;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.connections = connections;
    }

    public void upsertPartner(Partner p) {
        Instant now = Instant.now();
        upsert(() -> partners.update(p.id(), p.name(), p.cloud(), p.program(), now), () -> partners.save(PartnerRow.of(p, now)));
    }

    public Optional<Partner> partner(String id) {
        return partners.findById(id).map(PartnerRow::toPartner);
    }

    /** The partners with these ids, in the order of the ids; unknown ids are left out. */
    public List<Partner> partners(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Partner> found = partners.findByIdIn(ids).stream()
                .collect(Collectors.toMap(PartnerRow::id, PartnerRow::toPartner));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** Every partner, by id, at most {@code limit}. */
    public List<Partner> allPartners(int limit) {
        List<Partner> all = new java.util.ArrayList<>();
        partners.findAll().forEach(row -> all.add(row.toPartner()));
        return all.stream().sorted(java.util.Comparator.comparing(Partner::id)).limit(limit).toList();
    }

    /** Every customer, by id, at most {@code limit}. */
    public List<Customer> allCustomers(int limit) {
        List<Customer> all = new java.util.ArrayList<>();
        customers.findAll().forEach(row -> all.add(row.toCustomer()));
        return all.stream().sorted(java.util.Comparator.comparing(Customer::id)).limit(limit).toList();
    }

    /** Every subscription, by customer and id, at most {@code limit}. */
    public List<Subscription> allSubscriptions(int limit) {
        List<Subscription> all = new java.util.ArrayList<>();
        subscriptions.findAll().forEach(row -> all.add(row.toSubscription()));
        return all.stream().sorted(java.util.Comparator.comparing(Subscription::customerId).thenComparing(Subscription::id))
                .limit(limit).toList();
    }

    public boolean anyPartner() {
        return partners.count() > 0;
    }

    public void upsertCustomer(Customer customer) {
        Instant now = Instant.now();
        upsert(() -> customers.update(customer.id(), customer.name(), customer.cloud(), now),
                () -> customers.save(CustomerRow.of(customer, now)));
    }

    public Optional<Customer> customer(String id) {
        return customers.findById(id).map(CustomerRow::toCustomer);
    }

    /** The customers with these ids, by id. */
    public Map<String, Customer> customers(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return customers.findByIdIn(ids).stream().collect(Collectors.toMap(CustomerRow::id, CustomerRow::toCustomer));
    }

    /**
     * Reads the customer and locks its row until the transaction ends: every command that changes one of
     * the customer's relationships takes this lock first, so two of them never decide on the same state.
     */
    public Optional<Customer> lockCustomer(String id) {
        return customers.findByIdForUpdate(id).map(CustomerRow::toCustomer);
    }

    public void upsertSubscription(Subscription s) {
        Instant now = Instant.now();
        upsert(() -> subscriptions.update(new SubscriptionRow.Key(s.customerId(), s.id()), s.service(), s.resellerOfRecord(), now),
                () -> subscriptions.save(SubscriptionRow.of(s, now)));
    }

    public Optional<Subscription> subscription(String customerId, String id) {
        return subscriptions.findById(new SubscriptionRow.Key(customerId, id)).map(SubscriptionRow::toSubscription);
    }

    public List<Subscription> subscriptions(String customerId) {
        return subscriptions.findByKeyCustomerIdOrderByKeyId(customerId).stream().map(SubscriptionRow::toSubscription).toList();
    }

    public boolean deleteSubscription(String customerId, String id) {
        return subscriptions.deleteByKey(new SubscriptionRow.Key(customerId, id)) == 1;
    }

    /**
     * Update, else insert. When another transaction inserts the same row between the two (two operators
     * creating the same id at once), the insert meets the primary key and this one updates instead. A
     * savepoint before the insert keeps the caller's transaction usable on PostgreSQL after that failed
     * insert; it is taken on the transaction's connection because Micronaut Data's NESTED propagation joins
     * the outer transaction instead of taking a savepoint (docs/adr/0001-hand-written-sql.md).
     */
    private void upsert(LongSupplier update, Runnable insert) {
        if (update.getAsLong() == 1) {
            return;
        }
        Connection c = connections.getConnectionStatus().getConnection();
        try {
            Savepoint savepoint = c.setSavepoint();
            try {
                insert.run();
                c.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                if (!Database.uniqueViolation(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                if (update.getAsLong() != 1) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new Database.DatabaseException(e);
        }
    }
}
