package io.relationshippolicy.decisionlog;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auditor's side of the decision log through real HTTP: queries, paging, one entry, export, masking, checkpoints. */
@MicronautTest(environments = "test", transactional = false)
class DecisionLogApiContractTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String csp;
    String customer;

    @BeforeEach
    void directory() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        csp = world.csp("P-LOG", "Contoso");
        customer = world.customer("C-LOG", "Northwind");
    }

    private String issueLink() {
        Api.Response r = api.get("/api/v1/partners/" + csp + "/relationship-request", partner(csp));
        assertEquals(200, r.status(), r.body().toString());
        return r.get("link");
    }

    private List<Map<String, Object>> entries(Api.Response r) {
        assertEquals(200, r.status(), r.body().toString());
        return r.items("entries");
    }

    @Test
    void everyDecisionAnsweredIsInTheLogWithTheAnswerFieldsAndTheAuditFields() {
        String link = issueLink();
        Api.Response accepted = api.post("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE")), customerAdmin(customer));
        assertEquals(200, accepted.status(), accepted.body().toString());

        Api.Response entry = api.send(HttpRequest.GET("/api/v1/decision-log/" + accepted.get("decisionId")).header("Accept-Language", "fr"), auditor());
        assertEquals(200, entry.status(), entry.body().toString());
        Map<String, Object> e = entry.body();
        assertEquals("ACCEPTANCE", e.get("kind"));
        assertEquals(accepted.get("outcome"), e.get("outcome"));
        assertEquals(accepted.get("rulesVersion"), e.get("rulesVersion"));
        assertEquals(accepted.get("decidedAt").toString().replace(".000Z", "Z"), e.get("decidedAt").toString().replace(".000Z", "Z"));
        assertEquals(csp, e.get("partnerId"));
        assertEquals(customer, e.get("customerId"));
        assertEquals("AZURE", e.get("service"));
        @SuppressWarnings("unchecked") Map<String, Object> actor = (Map<String, Object>) e.get("actor");
        assertEquals(customer, actor.get("tenant"));
        assertEquals(List.of("CUSTOMER_ADMIN"), actor.get("roles"));
        assertTrue(((Number) e.get("sequence")).longValue() > 0);
        assertTrue(e.get("hash").toString().startsWith("sha256:"));
        assertTrue(e.get("previousHash").toString().startsWith("sha256:"));
        assertFalse(((List<?>) e.get("firedRules")).isEmpty());
        assertNotNull(e.get("input"));
        assertTrue(e.containsKey("maskedFields") && e.containsKey("durationMicros") && e.containsKey("subscriptionId") && e.containsKey("action"));
        List<Map<String, Object>> obligations = new Api.Response(200, e, List.of(), null).items("obligations");
        if (!obligations.isEmpty()) {
            // messages follow Accept-Language, like the decision answer
            assertFalse(obligations.get(0).get("message").toString().equals(obligations.get(0).get("code")));
        }

        assertEquals(404, api.get("/api/v1/decision-log/" + UUID.randomUUID(), auditor()).status());
        assertEquals(400, api.get("/api/v1/decision-log/not-a-decision-id!", auditor()).status());
    }

    @Test
    void onlyAuditorsReadTheLog() {
        assertEquals(401, api.get("/api/v1/decision-log", null).status());
        assertEquals(403, api.get("/api/v1/decision-log", partner(csp)).status());
        assertEquals(403, api.get("/api/v1/decision-log/export", operator()).status());
        assertEquals(403, api.get("/api/v1/decision-log/verification", customerAdmin(customer)).status());
        Api.Response forbidden = api.get("/api/v1/decision-log/checkpoints", partner(csp));
        assertEquals(403, forbidden.status());
        assertTrue(forbidden.contentType().startsWith("application/problem+json"));
    }

    @Test
    void filtersNarrowTheLogAndPagesAreNewestFirst() {
        issueLink();
        issueLink();
        Api.Response check = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check", Map.of("body", "no link here"), partner(csp));
        assertEquals("DENY", check.get("outcome"));
        String deniedCode = check.codes("reasons").get(0);

        List<Map<String, Object>> all = entries(api.get("/api/v1/decision-log?partnerId=" + csp, auditor()));
        assertEquals(3, all.size());
        assertEquals(check.get("decisionId"), all.get(0).get("decisionId"));
        assertTrue(seq(all.get(0)) > seq(all.get(1)) && seq(all.get(1)) > seq(all.get(2)));

        assertEquals(2, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&kind=LINK_ISSUED", auditor())).size());
        assertEquals(1, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&outcome=DENY", auditor())).size());
        List<Map<String, Object>> byCode = entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&code=" + deniedCode, auditor()));
        assertEquals(List.<Object>of(check.<String>get("decisionId")), byCode.stream().map(m -> m.get("decisionId")).toList());
        assertEquals(0, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&customerId=" + customer, auditor())).size());
        assertEquals(3, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&rulesVersion="
                + enc(check.get("rulesVersion")), auditor())).size());

        Instant checkedAt = Instant.parse(all.get(0).get("decidedAt").toString());
        assertEquals(1, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&from=" + enc(checkedAt.toString()), auditor())).size());
        assertEquals(3, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&to=" + enc(checkedAt.plusMillis(1).toString()), auditor())).size());
        assertEquals(0, entries(api.get("/api/v1/decision-log?partnerId=" + csp + "&to=" + enc(Instant.parse(all.get(2).get("decidedAt").toString()).toString()), auditor())).size());
    }

    @Test
    void aCodeAloneFindsItsEntriesNewestFirstPageByPageAlsoWithAKindOrATimeRange() {
        Api.Response older = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check", Map.of("body", "no link here"), partner(csp));
        issueLink();
        Api.Response newer = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check", Map.of("body", "still no link"), partner(csp));
        issueLink();
        String code = newer.codes("reasons").get(0);
        List<Map<String, Object>> withCode = entries(api.get("/api/v1/decision-log?limit=1000", auditor())).stream()
                .filter(e -> codes(e).contains(code)).toList();
        List<Object> expected = withCode.stream().map(e -> e.get("decisionId")).toList();
        assertTrue(expected.indexOf(newer.get("decisionId")) < expected.indexOf(older.get("decisionId")), expected.toString());

        List<Object> paged = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/api/v1/decision-log?code=" + code + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), auditor());
            paged.addAll(entries(page).stream().map(m -> m.get("decisionId")).toList());
            cursor = page.get("nextCursor");
        } while (cursor != null);
        assertEquals(expected, paged);

        assertEquals(withCode.stream().filter(e -> "EMAIL_CHECK".equals(e.get("kind"))).map(e -> e.get("decisionId")).toList(),
                entries(api.get("/api/v1/decision-log?code=" + code + "&kind=EMAIL_CHECK", auditor())).stream().map(m -> m.get("decisionId")).toList());
        Instant newerAt = Instant.parse(withCode.get(expected.indexOf(newer.get("decisionId"))).get("decidedAt").toString());
        assertEquals(withCode.stream().filter(e -> !Instant.parse(e.get("decidedAt").toString()).isBefore(newerAt)).map(e -> e.get("decisionId")).toList(),
                entries(api.get("/api/v1/decision-log?code=" + code + "&from=" + enc(newerAt.toString()), auditor())).stream().map(m -> m.get("decisionId")).toList());
        assertEquals(List.of(), entries(api.get("/api/v1/decision-log?code=NO_SUCH_CODE", auditor())));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> codes(Map<String, Object> entry) {
        List<Object> codes = new ArrayList<>();
        for (String field : List.of("reasons", "obligations")) {
            for (Map<String, Object> item : (List<Map<String, Object>>) entry.getOrDefault(field, List.of())) {
                codes.add(item.get("code"));
            }
        }
        return codes;
    }

    @Test
    void cursorPagingStaysStableWhileEntriesAreAppended() {
        for (int i = 0; i < 5; i++) {
            issueLink();
        }
        Api.Response first = api.get("/api/v1/decision-log?partnerId=" + csp + "&limit=2", auditor());
        List<Object> seen = new ArrayList<>(entries(first).stream().map(m -> m.get("decisionId")).toList());
        String cursor = first.get("nextCursor");
        assertNotNull(cursor);
        issueLink();
        issueLink();
        while (cursor != null) {
            Api.Response next = api.get("/api/v1/decision-log?partnerId=" + csp + "&limit=2&cursor=" + cursor, auditor());
            seen.addAll(entries(next).stream().map(m -> m.get("decisionId")).toList());
            cursor = next.get("nextCursor");
        }
        assertEquals(5, seen.size(), "the two entries appended while paging do not shift the pages");
        assertEquals(5, new HashSet<>(seen).size());
        assertEquals(7, entries(api.get("/api/v1/decision-log?partnerId=" + csp, auditor())).size());
    }

    @Test
    void badParametersAreProblemsThatSayWhatToFix() {
        assertBad("/api/v1/decision-log?limit=1001", "limit");
        assertBad("/api/v1/decision-log?limit=0", "limit");
        assertBad("/api/v1/decision-log?cursor=bm9wZQ", "cursor");
        assertBad("/api/v1/decision-log?cursor=%25%25", "cursor");
        assertBad("/api/v1/decision-log?from=yesterday", "from");
        assertBad("/api/v1/decision-log?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        assertBad("/api/v1/decision-log?kind=GRANT", "kind");
        assertBad("/api/v1/decision-log?outcome=MAYBE", "outcome");
        assertBad("/api/v1/decision-log?partnerId=" + enc("bad id"), "partner");
        assertBad("/api/v1/decision-log/export?format=xml", "format");
    }

    private void assertBad(String path, String mentioned) {
        Api.Response r = api.get(path, auditor());
        assertEquals(400, r.status(), path + " " + r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(r.get("detail").toString().contains(mentioned), r.get("detail").toString());
    }

    @Test
    void emailBodiesAreMaskedAndTheEntrySaysSo() {
        String secretText = "Dear Ana, our private pricing is 12% below list. " + issueLink();
        Api.Response check = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check", Map.of("body", secretText), partner(csp));
        assertEquals(200, check.status());
        Api.Response entry = api.get("/api/v1/decision-log/" + check.get("decisionId"), auditor());
        assertEquals(List.of("request.body"), entry.get("maskedFields"));
        @SuppressWarnings("unchecked") Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) entry.get("input")).get("request");
        assertTrue(request.get("body").toString().startsWith("masked:sha256:"));
        assertFalse(entry.body().toString().contains("private pricing"));
    }

    @Test
    void exportStreamsEveryMatchingEntryAsNdjsonAndCsvThatReHashes() throws Exception {
        issueLink();
        api.post("/api/v1/partners/" + csp + "/relationship-request/email-check", Map.of("body", "a \"quoted\", multi\nline body"), partner(csp));
        HttpResponse<String> ndjson = client.toBlocking().exchange(HttpRequest.GET("/api/v1/decision-log/export?format=ndjson&partnerId=" + csp)
                .bearerAuth(auditor()), String.class);
        assertEquals(200, ndjson.code());
        String[] lines = ndjson.body().split("\n");
        assertEquals(2, lines.length);
        String previousSequence = null;
        for (String line : lines) {
            @SuppressWarnings("unchecked") Map<String, Object> e = json.readValue(line, Map.class);
            assertEquals(csp, e.get("partnerId"));
            assertEquals(e.get("hash"), AuditorCheck.hashOf(e), "an auditor re-hashes an exported entry to its hash");
            assertTrue(previousSequence == null || Long.parseLong(previousSequence) < ((Number) e.get("sequence")).longValue(), "oldest first");
            previousSequence = e.get("sequence").toString();
        }

        HttpResponse<String> csv = client.toBlocking().exchange(HttpRequest.GET("/api/v1/decision-log/export?format=csv&partnerId=" + csp)
                .bearerAuth(auditor()), String.class);
        assertTrue(csv.getContentType().orElseThrow().toString().startsWith("text/csv"));
        String body = csv.body();
        assertTrue(body.startsWith(String.join(",", StoredEntry.CSV_HEADER) + "\r\n"));
        assertEquals(3, body.split("\r\n").length, "header and two records (the multi-line body is masked, so no record spans lines)");
        assertTrue(body.contains("LINK_ISSUED") && body.contains("EMAIL_CHECK"));
    }

    @Test
    void checkpointsAreSignedListedAndUsedByVerification() {
        issueLink();
        Api.Response taken = api.post("/api/v1/decision-log/checkpoints", Map.of(), auditor());
        assertEquals(201, taken.status(), taken.body().toString());
        Api.Response list = api.get("/api/v1/decision-log/checkpoints", auditor());
        assertEquals(200, list.status());
        assertTrue(list.get("keyId").toString().startsWith("ed25519:"));
        assertNotNull(list.get("publicKey"));
        assertEquals(taken.get("signature"), list.items("checkpoints").get(0).get("signature"));

        Api.Response verification = api.get("/api/v1/decision-log/verification", auditor());
        assertEquals(200, verification.status());
        assertEquals(true, verification.get("valid"));
        assertNull(verification.get("firstInvalidSequence"));
        assertTrue(((Number) verification.get("entriesChecked")).longValue() >= 1);
        assertTrue(((Number) verification.get("checkpointsChecked")).intValue() >= 1);

        Map<String, Object> forged = new java.util.LinkedHashMap<>(list.items("checkpoints").get(0));
        forged.put("sequence", ((Number) forged.get("sequence")).longValue() + 1000);
        Api.Response withForged = api.post("/api/v1/decision-log/verification", Map.of("checkpoints", List.of(forged)), auditor());
        assertEquals(true, withForged.get("valid"), "a checkpoint whose signature does not match is not believed");
        assertEquals(1, ((Number) withForged.get("checkpointsRejected")).intValue());
    }

    private static long seq(Map<String, Object> entry) {
        return ((Number) entry.get("sequence")).longValue();
    }

    private static String enc(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }
}
