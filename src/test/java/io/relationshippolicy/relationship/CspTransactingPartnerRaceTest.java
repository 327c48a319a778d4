package io.relationshippolicy.relationship;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * C8 under concurrency: two CSP partners' links are accepted for the same customer and service at the
 * same moment, round after round. The customer row lock serialises the two decisions, so exactly one
 * partner ends up holding DAP as the transacting partner, and the other is denied with the C8 reason.
 */
@MicronautTest(environments = "test", transactional = false)
class CspTransactingPartnerRaceTest {

    static final int ROUNDS = 50;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;

    @Test
    void exactlyOneCspPartnerHoldsDapForTheServiceAfterEveryRace() throws Exception {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String firstLink = world.link(world.csp("P-RACE-A", "Contoso"));
        String secondLink = world.link(world.csp("P-RACE-B", "Fabrikam"));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String customer = world.customer("C-RACE-" + round, "Race " + round);
                CyclicBarrier start = new CyclicBarrier(2);
                List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
                for (String link : List.of(firstLink, secondLink)) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return api.post("/api/v1/customers/" + customer + "/relationship-acceptances",
                                Map.of("link", link, "services", List.of("AZURE")), customerAdmin(customer));
                    }, threads));
                }
                List<String> outcomes = new ArrayList<>();
                for (CompletableFuture<Api.Response> answer : answers) {
                    Api.Response r = answer.get();
                    assertEquals(200, r.status(), r.body().toString());
                    outcomes.add(r.get("outcome"));
                    if ("DENY".equals(r.get("outcome"))) {
                        assertEquals(List.of("ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE"), r.codes("reasons"), "round " + round);
                    }
                }
                assertEquals(1, outcomes.stream().filter("ALLOW"::equals).count(), "round " + round + ": " + outcomes);
                assertEquals(1, transactingDapHolders(customer, "AZURE"), "round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private long transactingDapHolders(String customerId, String service) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM relationship_grant g JOIN partner p ON p.id = g.partner_id "
                    + "WHERE g.customer_id = ? AND g.service = ? AND g.delegated_admin AND g.transacting AND p.program = 'CSP'")) {
                ps.setString(1, customerId);
                ps.setString(2, service);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
