package io.relationshippolicy.system;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DatabaseSnapshot;
import io.relationshippolicy.support.DirectoryFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An acceptance sent with an Idempotency-Key fails after its decision was made, applied and appended to the log, just
 * before the commit, where an instance could stop: nothing of it stays, neither the decision, nor the grants, nor the
 * key. A retry therefore decides afresh, and can never find a decision that has no key, so it never decides twice.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "test.failing-key-updates", value = "true")
class AKeyCommitsWithItsDecisionTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    @Test
    void aFailureBeforeTheCommitLeavesNeitherTheDecisionNorTheKey() {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String csp = world.csp("P-ATOM", "Contoso");
        String customer = world.customer("C-ATOM", "Northwind");
        String link = world.link(csp);
        Map<String, String> before = DatabaseSnapshot.take(database, journal);

        Api.Response failed = accept(api, customer, link, FailingKeyUpdates.PREFIX + UUID.randomUUID());
        assertEquals(500, failed.status(), failed.body().toString());
        assertEquals(before, DatabaseSnapshot.take(database, journal), "no decision, no grant, no key: the transaction was rolled back whole");

        Api.Response retried = accept(api, customer, link, UUID.randomUUID().toString());
        assertEquals("ALLOW", retried.get("outcome"), "the customer was left as it was, and unlocked");
    }

    private static Api.Response accept(Api api, String customer, String link, String key) {
        return api.send(HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE"))).header(Idempotency.HEADER, key), customerAdmin(customer));
    }
}
