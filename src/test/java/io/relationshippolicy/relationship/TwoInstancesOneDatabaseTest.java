package io.relationshippolicy.relationship;

import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.PostgresServer;
import io.relationshippolicy.support.ServiceInstance;
import io.relationshippolicy.system.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scaled-out installation: two instances of the service, each with its own port, pool and caches, on
 * one PostgreSQL database. Round after round, one customer accepts two CSP partners for the same service
 * at the same moment, one acceptance through each instance. Each time exactly one partner holds DAP as
 * the transacting partner; the decision log holds every decision either instance answered, in one
 * chain that verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesOneDatabaseTest {

    static final int ROUNDS = 25;

    ServiceInstance first;
    ServiceInstance second;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> database = new java.util.HashMap<>(PostgresServer.datasource(PostgresServer.newDatabase(PostgresServer.shared(), "two_instances")));
        // behind one address, as a deployment of several instances is: the links they issue lead there
        database.put("policy.link.base-url", "https://partners.example.com");
        // started together, as a deployment rolls out: both run the migrations' check against the same schema
        CompletableFuture<ServiceInstance> a = CompletableFuture.supplyAsync(() -> ServiceInstance.start(database));
        CompletableFuture<ServiceInstance> b = CompletableFuture.supplyAsync(() -> ServiceInstance.start(database));
        first = a.get();
        second = b.get();
    }

    @AfterAll
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void conflictingAcceptancesThroughBothInstancesLeaveOneTransactingPartnerAndOneChain() throws Exception {
        assertNotEquals(first.port(), second.port());
        Api a = first.api();
        Api b = second.api();
        // the directory written through both instances, as operators behind a load balancer would
        DirectoryFixture throughA = new DirectoryFixture(a);
        DirectoryFixture throughB = new DirectoryFixture(b);
        String contoso = throughA.csp("P-A", "Contoso");
        String fabrikam = throughB.csp("P-B", "Fabrikam");
        long logBefore = logCount();
        Set<String> answered = new HashSet<>();
        Api.Response contosoLink = a.get("/api/v1/partners/" + contoso + "/relationship-request", partner(contoso));
        Api.Response fabrikamLink = b.get("/api/v1/partners/" + fabrikam + "/relationship-request", partner(fabrikam));
        answered.add(contosoLink.get("decisionId"));
        answered.add(fabrikamLink.get("decisionId"));
        Api.Response contosoLinkFromB = b.get("/api/v1/partners/" + contoso + "/relationship-request", partner(contoso));
        answered.add(contosoLinkFromB.get("decisionId"));
        assertEquals((String) contosoLink.get("link"), (String) contosoLinkFromB.get("link"), "both instances sign with the installation's key");

        int[] allowedThrough = new int[2];
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String customer = (round % 2 == 0 ? throughA : throughB).customer("C-" + round, "Customer " + round);
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
                answers.add(CompletableFuture.supplyAsync(() -> acceptAt(a, together, customer, contosoLink.get("link")), threads));
                answers.add(CompletableFuture.supplyAsync(() -> acceptAt(b, together, customer, fabrikamLink.get("link")), threads));
                int allowed = 0;
                for (int i = 0; i < 2; i++) {
                    Api.Response r = answers.get(i).get();
                    assertEquals(200, r.status(), r.body().toString());
                    answered.add(r.get("decisionId"));
                    if ("ALLOW".equals(r.get("outcome"))) {
                        allowed++;
                        allowedThrough[i]++;
                    } else {
                        assertEquals(List.of("ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE"), r.codes("reasons"), "round " + round);
                    }
                }
                assertEquals(1, allowed, "round " + round + ": exactly one acceptance allowed");
                assertEquals(1, transactingDapHolders(customer, "AZURE"), "round " + round + ": exactly one CSP transacting partner holds DAP");
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(2 * ROUNDS + 3, answered.size(), "every answer carried its own decision id");
        assertEquals(logBefore + answered.size(), logCount(), "the log holds every answered decision, from both instances, and nothing else");
        assertEquals(answered.size(), loggedAmong(answered), "each answered decision id is in the log");
        // the chain both instances wrote, as an auditor checks it: through the service's own verification
        Api.Response chain = first.api().get("/api/v1/decision-log/verification", auditor());
        assertEquals(200, chain.status(), String.valueOf(chain.body()));
        assertEquals(true, chain.get("valid"), "the chain breaks at sequence " + chain.get("firstInvalidSequence"));
        assertEquals(logCount(), ((Number) chain.get("entriesChecked")).longValue());
        assertEquals(ROUNDS, allowedThrough[0] + allowedThrough[1]);
    }

    private static Api.Response acceptAt(Api instance, CyclicBarrier together, String customer, String link) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return instance.post("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE")), customerAdmin(customer));
    }

    private long logCount() {
        return first.bean(Database.class).read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_log"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private long loggedAmong(Set<String> decisionIds) {
        return second.bean(Database.class).read(c -> {
            long found = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decision_log WHERE decision_id = ?")) {
                for (String id : decisionIds) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        found += rs.next() ? 1 : 0;
                    }
                }
            }
            return found;
        });
    }

    private long transactingDapHolders(String customerId, String service) {
        return second.bean(Database.class).read(c -> {
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
}
