package io.relationshippolicy.directory;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory's repositories on a real database: what they write is what the hand-written SQL of the
 * service reads, and they take part in the transaction {@link Database} opened.
 */
@MicronautTest(environments = "test", transactional = false)
class DirectoryRepositoriesTest {

    @Inject
    Database database;
    @Inject
    DirectoryStore store;
    @Inject
    PartnerRepository partners;
    @Inject
    CustomerRepository customers;
    @Inject
    SubscriptionRepository subscriptions;

    private static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRepositoryWriteRollsBackWithTheTransactionItRanIn() {
        String partnerId = id("P-ROLLBACK-");
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            store.upsertPartner(new Partner(partnerId, "Contoso", Cloud.PUBLIC, Program.CSP));
            // the repository wrote on the transaction's own connection: plain SQL on it sees the row
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM partner WHERE id = ?")) {
                ps.setString(1, partnerId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the repository's insert is visible on the transaction's connection");
                    assertEquals("Contoso", rs.getString(1));
                }
            }
            throw new IllegalStateException("the decision failed after the write");
        }));
        assertEquals(Optional.empty(), database.read(c -> store.partner(partnerId)), "the rollback undid the repository's insert");
    }

    @Test
    void aCommittedRepositoryWriteIsReadBack() {
        String partnerId = id("P-COMMIT-");
        database.write(c -> {
            store.upsertPartner(new Partner(partnerId, "Contoso", Cloud.PUBLIC, Program.CSP));
            return null;
        });
        database.write(c -> {
            store.upsertPartner(new Partner(partnerId, "Contoso Cloud", Cloud.GERMANY, Program.NON_CSP));
            return null;
        });
        assertEquals(Optional.of(new Partner(partnerId, "Contoso Cloud", Cloud.GERMANY, Program.NON_CSP)),
                database.read(c -> store.partner(partnerId)));
    }

    @Test
    void anUpdateOfAnUnknownIdChangesNothingAndSaysSo() {
        assertEquals(0L, (long) database.write(c -> partners.update(id("P-NONE-"), "x", Cloud.PUBLIC, Program.CSP, Instant.now())));
        assertEquals(0L, (long) database.write(c -> customers.update(id("C-NONE-"), "x", Cloud.PUBLIC, Instant.now())));
    }

    @Test
    void partnersComeBackInTheOrderAskedForWithoutTheUnknownOnes() {
        String b = id("P-B-");
        String a = id("P-A-");
        database.write(c -> {
            store.upsertPartner(new Partner(a, "A", Cloud.PUBLIC, Program.CSP));
            store.upsertPartner(new Partner(b, "B", Cloud.PUBLIC, Program.CSP));
            return null;
        });
        List<Partner> found = database.read(c -> store.partners(List.of(b, id("P-UNKNOWN-"), a)));
        assertEquals(List.of(b, a), found.stream().map(Partner::id).toList());
        assertTrue((boolean) database.read(c -> store.anyPartner()));
    }

    @Test
    void theCustomerLockReadsTheCustomerAndAnUnknownOneIsEmpty() {
        String customerId = id("C-LOCK-");
        database.write(c -> {
            store.upsertCustomer(new Customer(customerId, "Northwind", Cloud.PUBLIC));
            return null;
        });
        assertEquals(Optional.of(new Customer(customerId, "Northwind", Cloud.PUBLIC)), database.write(c -> store.lockCustomer(customerId)));
        assertEquals(Optional.empty(), database.write(c -> store.lockCustomer(id("C-NONE-"))));
    }

    @Test
    void subscriptionsAreKeyedWithinTheirCustomerAndListedById() {
        String customerId = id("C-SUBS-");
        String other = id("C-OTHER-");
        String reseller = id("P-RES-");
        database.write(c -> {
            store.upsertPartner(new Partner(reseller, "Reseller", Cloud.PUBLIC, Program.CSP));
            store.upsertCustomer(new Customer(customerId, "Northwind", Cloud.PUBLIC));
            store.upsertCustomer(new Customer(other, "Fabrikam", Cloud.PUBLIC));
            store.upsertSubscription(new Subscription("S-2", customerId, "AZURE", null));
            store.upsertSubscription(new Subscription("S-1", customerId, "AZURE", null));
            store.upsertSubscription(new Subscription("S-1", other, "INTUNE", null));
            store.upsertSubscription(new Subscription("S-1", customerId, "MICROSOFT_365", reseller));
            return null;
        });
        assertEquals(List.of(new Subscription("S-1", customerId, "MICROSOFT_365", reseller), new Subscription("S-2", customerId, "AZURE", null)),
                database.read(c -> store.subscriptions(customerId)));
        assertEquals(Optional.of(new Subscription("S-1", other, "INTUNE", null)), database.read(c -> store.subscription(other, "S-1")));
        assertTrue((boolean) database.write(c -> store.deleteSubscription(customerId, "S-2")));
        assertFalse((boolean) database.write(c -> store.deleteSubscription(customerId, "S-2")));
        assertEquals(1, database.read(c -> subscriptions.findByKeyCustomerIdOrderByKeyId(customerId)).size());
    }
}
