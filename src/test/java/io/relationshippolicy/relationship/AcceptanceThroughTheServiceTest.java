package io.relationshippolicy.relationship;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.IdempotentCall;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a page gets when it calls the acceptance as the API does, without HTTP: the service opens and commits its
 * own transaction and returns the logged decision, language-neutral, once the customer is no longer locked; given an
 * idempotency key, the same call is made safe to retry with no HTTP in between.
 */
@MicronautTest(environments = "test", transactional = false)
class AcceptanceThroughTheServiceTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    RelationshipService service;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    @Inject
    DirectoryStore directory;

    String csp;
    String customer;
    String link;
    Caller admin;

    @BeforeEach
    void world() {
        DirectoryFixture world = new DirectoryFixture(new Api(client));
        csp = world.csp("P-SVC", "Contoso");
        customer = world.customer("C-SVC", "Northwind");
        link = world.link(csp);
        admin = new Caller(customer.toLowerCase() + "-admin", customer, Set.of(Roles.CUSTOMER_ADMIN));
    }

    @Test
    void theCallReturnsTheCommittedDecisionWithTheCustomerUnlocked() throws Exception {
        Logged<Acceptance> accepted = service.accept(admin, customer, link, List.of("AZURE"));

        assertEquals(Outcome.ALLOW, accepted.decision().outcome());
        assertEquals(csp, accepted.result().partnerId());
        assertEquals(List.of("AZURE"), accepted.result().grantedServices());
        assertTrue(logged(accepted.entry().decisionId()), "committed: another transaction reads the decision");
        // another transaction takes the customer's lock at once: the call released it before returning
        CompletableFuture<Boolean> locked = CompletableFuture.supplyAsync(() -> database.write(c -> directory.lockCustomer(customer).isPresent()));
        assertTrue(locked.get(5, TimeUnit.SECONDS));
    }

    @Test
    void withAnIdempotencyKeyTheCallIsMadeOnceWithoutHttp() {
        String key = UUID.randomUUID().toString();
        IdempotentCall first = new IdempotentCall(key, "page:accept:AZURE", Locale.FRENCH);
        IdempotentCall retry = new IdempotentCall(key, "page:accept:AZURE", Locale.ENGLISH);

        Logged<Acceptance> decided = PropagatedContext.getOrEmpty().plus(first).propagate(() -> service.accept(admin, customer, link, List.of("AZURE")));
        Logged<Acceptance> replayed = PropagatedContext.getOrEmpty().plus(retry).propagate(() -> service.accept(admin, customer, link, List.of("AZURE")));

        assertFalse(first.replayed());
        assertTrue(retry.replayed());
        assertEquals(decided, replayed, "the retry gets the result kept with the key, field for field");
        assertEquals(Locale.FRENCH, retry.answerLanguage(), "and renders it in the language of the first answer");

        Logged<Acceptance> withoutKey = service.accept(admin, customer, link, List.of("AZURE"));
        assertNotEquals(decided.entry().decisionId(), withoutKey.entry().decisionId(), "without a key, every call is a decision");
    }

    private boolean logged(String decisionId) {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decision_log WHERE decision_id = ?")) {
                ps.setString(1, decisionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
