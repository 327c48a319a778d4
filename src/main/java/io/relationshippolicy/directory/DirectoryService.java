package io.relationshippolicy.directory;

import io.micronaut.serde.annotation.SerdeImport;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.Idempotent;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.system.Requester;
import jakarta.inject.Singleton;

/**
 * The operator's changes to the directory and its reads, each in one transaction opened here. The changes are
 * {@link Idempotent}: {@code operator} is who makes them, and whose idempotency key a request carries; each returns
 * what the directory holds after the commit (what it kept, for a replayed key).
 */
@Singleton
@SerdeImport(Partner.class)
@SerdeImport(Customer.class)
@SerdeImport(Subscription.class)
public class DirectoryService {

    private final Database database;
    private final DirectoryStore store;

    public DirectoryService(Database database, DirectoryStore store) {
        this.database = database;
        this.store = store;
    }

    @Idempotent
    public Partner savePartner(Requester operator, Partner partner) {
        database.write(c -> {
            store.upsertPartner(partner);
            return null;
        });
        return partner;
    }

    public Partner partner(String partnerId) {
        return database.read(c -> store.partner(partnerId)).orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
    }

    @Idempotent
    public Customer saveCustomer(Requester operator, Customer customer) {
        database.write(c -> {
            store.upsertCustomer(customer);
            return null;
        });
        return customer;
    }

    public Customer customer(String customerId) {
        return database.read(c -> store.customer(customerId)).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
    }

    /** The directory as the operators' page lists it: partners, customers and subscriptions, each by id. */
    public record Listing(java.util.List<Partner> partners, java.util.List<Customer> customers,
                          java.util.List<Subscription> subscriptions) {
    }

    /** Everything in the directory, up to {@code limit} of each kind, in one read transaction. */
    public Listing listing(int limit) {
        return database.read(c -> new Listing(store.allPartners(limit), store.allCustomers(limit), store.allSubscriptions(limit)));
    }

    /** The customer must exist, and a reseller of record must be a known partner. */
    @Idempotent
    public Subscription saveSubscription(Requester operator, Subscription subscription) {
        String customerId = subscription.customerId();
        String reseller = subscription.resellerOfRecord();
        database.write(c -> {
            store.lockCustomer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
            if (reseller != null && store.partner(reseller).isEmpty()) {
                throw ProblemException.badRequest("The reseller of record '" + reseller + "' is not a known partner: create the partner "
                        + "first, or send null for a subscription bought through another channel.");
            }
            store.upsertSubscription(subscription);
            return null;
        });
        return subscription;
    }

    public Subscription subscription(String customerId, String subscriptionId) {
        return database.read(c -> store.subscription(customerId, subscriptionId))
                .orElseThrow(() -> ProblemException.notFound("Subscription", subscriptionId));
    }

    /** The customer and the subscription must exist. */
    @Idempotent
    public void cancelSubscription(Requester operator, String customerId, String subscriptionId) {
        boolean deleted = database.write(c -> {
            store.lockCustomer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
            return store.deleteSubscription(customerId, subscriptionId);
        });
        if (!deleted) {
            throw ProblemException.notFound("Subscription", subscriptionId);
        }
    }
}
