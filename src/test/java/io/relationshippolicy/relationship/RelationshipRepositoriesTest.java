package io.relationshippolicy.relationship;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Relationships and grants through their repositories on a real database, inside the caller's transaction. */
@MicronautTest(environments = "test", transactional = false)
class RelationshipRepositoriesTest {

    @Inject
    Database database;
    @Inject
    DirectoryStore directory;
    @Inject
    RelationshipStore store;
    @Inject
    SigningKeyRepository signingKeys;
    @Inject
    InstallationLockRepository locks;

    private String suffix;
    private String customerId;
    private String contoso;
    private String fabrikam;

    @BeforeEach
    void newIds() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        customerId = "C-" + suffix;
        contoso = "P-B-" + suffix;
        fabrikam = "P-A-" + suffix;
    }

    private void givenACustomerAndTwoPartners() {
        database.write(c -> {
            directory.upsertCustomer(new Customer(customerId, "Northwind", Cloud.PUBLIC));
            directory.upsertPartner(new Partner(contoso, "Contoso", Cloud.PUBLIC, Program.CSP));
            directory.upsertPartner(new Partner(fabrikam, "Fabrikam", Cloud.PUBLIC, Program.CSP));
            return null;
        });
    }

    @Test
    void relationshipsAndGrantsAreSavedUpdatedAndListedInKeyOrder() {
        givenACustomerAndTwoPartners();
        database.write(c -> {
            store.save(new Relationship(contoso, customerId, RelationshipState.ACTIVE, false, false));
            store.save(new Relationship(fabrikam, customerId, RelationshipState.ACTIVE, false, false));
            store.save(new Grant(contoso, customerId, "INTUNE", true, false));
            store.save(new Grant(contoso, customerId, "AZURE", true, true));
            store.save(new Grant(fabrikam, customerId, "AZURE", false, true));
            return null;
        });
        database.write(c -> {
            store.save(new Relationship(contoso, customerId, RelationshipState.ACTIVE, true, false));
            store.save(new Grant(contoso, customerId, "AZURE", false, true));
            return null;
        });
        assertEquals(List.of(new Relationship(fabrikam, customerId, RelationshipState.ACTIVE, false, false),
                        new Relationship(contoso, customerId, RelationshipState.ACTIVE, true, false)),
                database.read(c -> store.relationships(customerId)));
        assertEquals(List.of(new Grant(fabrikam, customerId, "AZURE", false, true), new Grant(contoso, customerId, "AZURE", false, true),
                        new Grant(contoso, customerId, "INTUNE", true, false)),
                database.read(c -> store.grants(customerId)));
        assertEquals(List.of(new Grant(contoso, customerId, "AZURE", false, true), new Grant(contoso, customerId, "INTUNE", true, false)),
                database.read(c -> store.grantsOf(contoso, customerId)));
    }

    @Test
    void theWorldHoldsTheRelatedPartnersAndResellersInOrder() {
        givenACustomerAndTwoPartners();
        String reseller = "P-R-" + suffix;
        Customer customer = new Customer(customerId, "Northwind", Cloud.PUBLIC);
        database.write(c -> {
            directory.upsertPartner(new Partner(reseller, "Reseller", Cloud.PUBLIC, Program.CSP));
            directory.upsertSubscription(new Subscription("S-1", customerId, "AZURE", reseller));
            store.save(new Relationship(contoso, customerId, RelationshipState.ACTIVE, false, false));
            return null;
        });
        CustomerWorld world = database.read(c -> store.world(customer));
        assertEquals(List.of(contoso, reseller), world.partners().stream().map(Partner::id).toList());
        assertEquals(1, world.subscriptions().size());
        CustomerWorld slice = database.read(c -> store.partnerSlice(customer, new Partner(fabrikam, "Fabrikam", Cloud.PUBLIC, Program.CSP), null));
        assertEquals(List.of(), slice.relationships());
    }

    @Test
    void aPartnersActiveCustomersComeWithTheirNames() {
        givenACustomerAndTwoPartners();
        String other = "C-0-" + suffix;
        database.write(c -> {
            directory.upsertCustomer(new Customer(other, "Fabrikam Corp", Cloud.PUBLIC));
            store.save(new Relationship(contoso, customerId, RelationshipState.ACTIVE, false, false));
            store.save(new Relationship(contoso, other, RelationshipState.TERMINATED, false, false));
            return null;
        });
        assertEquals(List.of(new RelationshipStore.PartnerCustomerRow(customerId, "Northwind", RelationshipState.ACTIVE)),
                database.read(c -> store.customersOf(contoso, RelationshipState.ACTIVE)));
        assertEquals(List.of(new RelationshipStore.PartnerCustomerRow(other, "Fabrikam Corp", RelationshipState.TERMINATED)),
                database.read(c -> store.customersOf(contoso, RelationshipState.TERMINATED)));
    }

    @Test
    void removingGrantsAndARolledBackSaveLeaveOnlyWhatCommitted() {
        givenACustomerAndTwoPartners();
        database.write(c -> {
            store.save(new Relationship(contoso, customerId, RelationshipState.ACTIVE, false, false));
            store.save(new Grant(contoso, customerId, "AZURE", true, true));
            return null;
        });
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            store.deleteGrants(contoso, customerId);
            store.save(new Relationship(contoso, customerId, RelationshipState.TERMINATED, false, false));
            throw new IllegalStateException("no decision without its log entry");
        }));
        assertEquals(List.of(new Grant(contoso, customerId, "AZURE", true, true)), database.read(c -> store.grants(customerId)));
        assertEquals(RelationshipState.ACTIVE, database.read(c -> store.relationships(customerId)).get(0).state());
        database.write(c -> {
            store.deleteGrants(contoso, customerId);
            return null;
        });
        assertEquals(List.of(), database.read(c -> store.grants(customerId)));
    }

    @Test
    void signingKeysAreSavedListedOldestFirstAndRetiredUnderTheInstallationLock() {
        String purpose = "TEST-" + suffix;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SigningKeyRow older = new SigningKeyRow("k-b-" + suffix, purpose, "c2VjcmV0LWI=", start, null);
        SigningKeyRow sameInstant = new SigningKeyRow("k-c-" + suffix, purpose, "c2VjcmV0LWM=", start, null);
        SigningKeyRow newer = new SigningKeyRow("k-a-" + suffix, purpose, "c2VjcmV0LWE=", start.plus(1, ChronoUnit.DAYS), null);
        database.write(c -> {
            assertTrue(locks.findByNameForUpdate(InstallationLockRow.SIGNING_KEY).isPresent(), "the migration created the lock row");
            signingKeys.save(newer);
            signingKeys.save(sameInstant);
            signingKeys.save(older);
            return null;
        });
        assertEquals(List.of(older, sameInstant, newer),
                database.read(c -> signingKeys.findByPurpose(purpose, SigningKeyRepository.OLDEST_FIRST)));
        Instant retiredAt = start.plus(2, ChronoUnit.DAYS);
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            assertEquals(1, signingKeys.update(older.keyId(), retiredAt));
            throw new IllegalStateException("the rotation failed");
        }));
        assertEquals(older, database.read(c -> signingKeys.findById(older.keyId())).orElseThrow(), "rolled back with its transaction");
        database.write(c -> signingKeys.update(older.keyId(), retiredAt));
        assertEquals(retiredAt, database.read(c -> signingKeys.findById(older.keyId())).orElseThrow().retiredAt());
        assertEquals(0L, (long) database.write(c -> signingKeys.update("k-none-" + suffix, retiredAt)));
    }
}
