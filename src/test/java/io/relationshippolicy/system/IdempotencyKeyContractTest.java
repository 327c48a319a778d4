package io.relationshippolicy.system;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.customerUser;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key on state-changing routes: a retry replays the original answer and writes nothing. */
@MicronautTest(environments = "test", transactional = false)
class IdempotencyKeyContractTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    protected Database database;


    @Inject

    DecisionJournal journal;

    Api api;
    DirectoryFixture world;
    String csp;
    String customer;
    String otherCustomer;

    @BeforeEach
    void directory() {
        api = new Api(client);
        world = new DirectoryFixture(api);
        csp = world.csp("P-IK", "Contoso");
        customer = world.customer("C-IK", "Northwind");
        otherCustomer = world.customer("C-IK2", "Woodgrove");
    }

    private String link(String partnerId) {
        return world.link(partnerId);
    }

    private Api.Response accept(String customerId, String key, String link, String... services) {
        return acceptAs(customerAdmin(customerId), customerId, key, null, link, services);
    }

    private Api.Response acceptAs(String token, String customerId, String key, String language, String link, String... services) {
        MutableHttpRequest<?> request = HttpRequest.POST("/api/v1/customers/" + customerId + "/relationship-acceptances",
                Map.of("link", link, "services", List.of(services)));
        if (key != null) {
            request.header(Idempotency.HEADER, key);
        }
        if (language != null) {
            request.header(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return api.send(request, token);
    }

    @Test
    void aRetryReturnsTheOriginalDecisionAndWritesNothing() {
        String link = link(csp);
        String key = UUID.randomUUID().toString();
        long before = logCount();
        Api.Response first = accept(customer, key, link, "AZURE");
        assertEquals(200, first.status(), first.body().toString());
        assertEquals("ALLOW", first.get("outcome"));
        assertEquals(before + 1, logCount());

        HttpResponse<String> retry = client.toBlocking().exchange(HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE"))).header(Idempotency.HEADER, key).bearerAuth(customerAdmin(customer)), String.class);
        assertEquals(200, retry.code());
        assertEquals("true", retry.header(Idempotency.REPLAYED_HEADER));
        assertTrue(retry.body().contains("\"decisionId\":\"" + first.get("decisionId") + "\""), retry.body());

        Api.Response again = accept(customer, key, link, "AZURE");
        assertEquals(first.body(), again.body(), "the replay is the original answer, field for field");
        assertEquals(before + 1, logCount(), "no new decision for a retry");

        Api.Response fresh = accept(customer, null, link, "AZURE");
        assertNotEquals((String) first.get("decisionId"), (String) fresh.get("decisionId"), "without a key every call is a new decision");
    }

    @Test
    void aReplayIsRenderedInTheLanguageOfTheFirstAnswer() {
        String link = link(csp);
        String key = UUID.randomUUID().toString();
        // a customer user is not an administrator: a logged DENY whose reason has a message (C6)
        Api.Response first = acceptAs(customerUser(customer), customer, key, "fr", link, "AZURE");
        assertEquals("DENY", first.get("outcome"), first.body().toString());
        Api.Response retry = acceptAs(customerUser(customer), customer, key, "pt-BR", link, "AZURE");
        assertEquals(first.body(), retry.body(), "the retry gets the first answer, in French, whatever language it asks for");

        Api.Response inPortuguese = acceptAs(customerUser(customer), customer, null, "pt-BR", link, "AZURE");
        assertEquals(first.codes("reasons"), inPortuguese.codes("reasons"));
        assertNotEquals(message(first), message(inPortuguese), "the messages do depend on the language asked for");
    }

    @Test
    void anAnswerKeptRenderedByAnEarlierVersionIsReplayedAsItWasKept() {
        String link = link(csp);
        String key = UUID.randomUUID().toString();
        Api.Response first = accept(customer, key, link, "AZURE");
        assertEquals("ALLOW", first.get("outcome"));
        // what a version before ADR 0005 kept: the status and the rendered body, no result, no language
        String kept = "{\"decisionId\":\"kept-by-an-earlier-version\",\"outcome\":\"ALLOW\"}";
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_key SET status = 200, response = ?, result = NULL, "
                    + "language = NULL WHERE idempotency_key = ?")) {
                ps.setString(1, kept);
                ps.setString(2, key);
                return ps.executeUpdate();
            }
        });
        long before = logCount();
        HttpResponse<String> retry = client.toBlocking().exchange(HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE"))).header(Idempotency.HEADER, key).bearerAuth(customerAdmin(customer)), String.class);
        assertEquals(200, retry.code());
        assertEquals("true", retry.header(Idempotency.REPLAYED_HEADER));
        assertEquals(kept, retry.body());
        assertEquals(before, logCount(), "replayed, not decided again");
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndChangesNothing() {
        String key = UUID.randomUUID().toString();
        assertEquals("ALLOW", accept(customer, key, link(csp), "AZURE").get("outcome"));
        long before = logCount();
        Api.Response reused = accept(customer, key, link(csp), "INTUNE");
        assertEquals(409, reused.status());
        assertTrue(reused.contentType().startsWith("application/problem+json"), reused.contentType());
        assertTrue(((String) reused.get("detail")).contains("Idempotency-Key"));
        assertEquals(before + 1, logCount(), "only the link issue was a decision");
        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer));
        assertEquals(List.of("AZURE"), services(page));

        Api.Response otherRoute = api.send(HttpRequest.DELETE("/api/v1/customers/" + customer + "/delegated-admin")
                .header(Idempotency.HEADER, key), customerAdmin(customer));
        assertEquals(409, otherRoute.status(), "a key names one operation, whatever the route");
    }

    @Test
    void keysAreScopedPerCaller() {
        String key = "shared-key-" + UUID.randomUUID();
        Api.Response mine = accept(customer, key, link(csp), "AZURE");
        Api.Response theirs = accept(otherCustomer, key, link(csp), "AZURE");
        assertEquals("ALLOW", mine.get("outcome"));
        assertEquals("ALLOW", theirs.get("outcome"));
        assertNotEquals((String) mine.get("decisionId"), (String) theirs.get("decisionId"));
    }

    @Test
    void concurrentRetriesWithTheSameKeyMakeOneDecision() throws Exception {
        String link = link(csp);
        String key = UUID.randomUUID().toString();
        long before = logCount();
        int callers = 4;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier start = new CyclicBarrier(callers);
            List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return accept(customer, key, link, "AZURE", "MICROSOFT_365");
                }, threads));
            }
            Set<Object> decisionIds = new HashSet<>();
            for (CompletableFuture<Api.Response> answer : answers) {
                Api.Response r = answer.get();
                assertEquals(200, r.status(), r.body().toString());
                assertEquals("ALLOW", r.get("outcome"));
                decisionIds.add(r.get("decisionId"));
            }
            assertEquals(1, decisionIds.size(), "every retry answers the one decision");
            assertEquals(before + 1, logCount(), "one decision logged");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void removalAndRenegotiationReplayToo() {
        accept(customer, null, link(csp), "AZURE", "MICROSOFT_365");
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/customers/" + customer + "/partner-relationships/" + csp + "/delegated-admin?service=AZURE";
        Api.Response removal = api.send(HttpRequest.DELETE(path).header(Idempotency.HEADER, key), customerAdmin(customer));
        assertEquals("ALLOW", removal.get("outcome"));
        long before = logCount();
        Api.Response retry = api.send(HttpRequest.DELETE(path).header(Idempotency.HEADER, key), customerAdmin(customer));
        assertEquals(removal.body(), retry.body());
        Api.Response otherService = api.send(HttpRequest.DELETE(path.replace("AZURE", "MICROSOFT_365")).header(Idempotency.HEADER, key),
                customerAdmin(customer));
        assertEquals(409, otherService.status(), "the query is part of the request");

        String renegotiation = "/api/v1/customers/" + customer + "/partner-relationships/" + csp + "/renegotiation";
        String renegotiationKey = UUID.randomUUID().toString();
        Api.Response consent = api.send(HttpRequest.POST(renegotiation, Map.of("terminate", true)).header(Idempotency.HEADER, renegotiationKey), partner(csp));
        Api.Response consentAgain = api.send(HttpRequest.POST(renegotiation, Map.of("terminate", true)).header(Idempotency.HEADER, renegotiationKey), partner(csp));
        assertEquals("ACTIVE", consent.get("state"));
        assertEquals(consent.body(), consentAgain.body());
        assertEquals(before + 1, logCount(), "the removal retry, the conflict and the renegotiation retry logged nothing");
    }

    @Test
    void refusalsAreNotRememberedAndBadKeysAreRefused() {
        String key = UUID.randomUUID().toString();
        assertEquals(400, accept(customer, key, link(csp), "TEAMS").status());
        Api.Response unknownPartner = api.send(HttpRequest.DELETE("/api/v1/customers/" + customer + "/partner-relationships/P-NOBODY/delegated-admin")
                .header(Idempotency.HEADER, key), customerAdmin(customer));
        assertEquals(404, unknownPartner.status(), "refused inside the service's transaction: the key is rolled back with it");
        assertEquals("ALLOW", accept(customer, key, link(csp), "AZURE").get("outcome"), "the corrected request may reuse the key");

        assertEquals(400, accept(customer, "x".repeat(256), link(csp), "AZURE").status());
        assertEquals(400, accept(customer, "with space", link(csp), "AZURE").status());
    }

    @Test
    void directoryWritesAcceptKeysToo() {
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/customers/" + customer + "/subscriptions/S-IK";
        assertEquals(200, api.put(path, Map.of("service", "AZURE"), operator()).status());
        assertEquals(204, api.send(HttpRequest.DELETE(path).header(Idempotency.HEADER, key), operator()).status());
        assertEquals(204, api.send(HttpRequest.DELETE(path).header(Idempotency.HEADER, key), operator()).status(),
                "the retry of a delete that happened answers as the delete did");
        assertEquals(404, api.delete(path, operator()).status(), "without a key, the subscription is gone");
    }

    private static String message(Api.Response decision) {
        return (String) decision.items("reasons").get(0).get("message");
    }

    @SuppressWarnings("unchecked")
    private static List<String> services(Api.Response page) {
        Map<String, Object> relationship = (Map<String, Object>) page.list().get(0);
        return ((List<Map<String, Object>>) relationship.get("services")).stream().map(s -> (String) s.get("service")).toList();
    }

    protected long logCount() {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_log"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
