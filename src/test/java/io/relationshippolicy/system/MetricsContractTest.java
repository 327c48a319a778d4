package io.relationshippolicy.system;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.rules.ActiveRules;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /metrics for operators and auditors: decisions by kind, outcome and code, decision and commit latency
 * histograms, batch sizes and the active rules version, in the Prometheus text format. Counted once the
 * decision's log entry is committed.
 */
@MicronautTest(environments = "test", transactional = false)
class MetricsContractTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ActiveRules rules;

    @Test
    void metricsAreForOperatorsAndAuditorsOnly() {
        Api api = new Api(client);
        assertEquals(401, api.get("/metrics", null).status());
        assertEquals(403, api.get("/metrics", partner("P-ANY")).status());
        assertEquals(200, api.get("/metrics", operator()).status());
        Api.Response scrape = api.get("/metrics", auditor());
        assertEquals(200, scrape.status());
        assertTrue(scrape.contentType().startsWith("text/plain"), scrape.contentType());
        assertTrue(scrape.contentType().contains("version=0.0.4"), scrape.contentType());
    }

    @Test
    void theBareBenchEndpointIsOffByDefault() {
        assertEquals(404, new Api(client).get("/api/v1/bench/bare", partner("P-ANY")).status());
    }

    @Test
    void decisionsAreCountedByKindOutcomeAndCodeWithTheirLatencies() {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String partnerId = world.csp("P-M", "Contoso");
        String customerId = world.customer("C-M", "Northwind");
        String before = scrape(api);
        double allowBefore = value(before, "policy_decisions_total", "kind=\"AUTHORIZATION\",outcome=\"ALLOW\"");
        double denyBefore = value(before, "policy_decisions_total", "kind=\"AUTHORIZATION\",outcome=\"DENY\"");
        double noRelationshipBefore = value(before, "policy_decision_codes_total", "code=\"NO_RELATIONSHIP\",kind=\"AUTHORIZATION\",type=\"reason\"");

        // no relationship yet: support may end, administering is denied
        Api.Response ended = api.post("/api/v1/decisions", Map.of("partnerId", partnerId, "customerId", customerId, "action", "END_SUPPORT",
                "service", "AZURE"), partner(partnerId));
        assertEquals("ALLOW", ended.get("outcome"), ended.body().toString());
        Api.Response noRelationship = api.post("/api/v1/decisions", Map.of("partnerId", partnerId, "customerId", customerId,
                "action", "ADMINISTER_SERVICE", "service", "AZURE"), partner(partnerId));
        assertEquals("DENY", noRelationship.get("outcome"));
        // an acceptance, so the relationship exists and support is directly owed
        world.accepted(customerId, partnerId, "AZURE");
        assertEquals("ALLOW", api.post("/api/v1/decisions/batch", Map.of("requests", List.of(
                Map.of("partnerId", partnerId, "customerId", customerId, "action", "PROVIDE_SUPPORT", "service", "AZURE"),
                Map.of("partnerId", partnerId, "customerId", customerId, "action", "ADMINISTER_SERVICE", "service", "AZURE"))),
                partner(partnerId)).items("decisions").get(0).get("outcome"));

        String after = scrape(api);
        assertEquals(allowBefore + 3, value(after, "policy_decisions_total", "kind=\"AUTHORIZATION\",outcome=\"ALLOW\""), after);
        assertEquals(denyBefore + 1, value(after, "policy_decisions_total", "kind=\"AUTHORIZATION\",outcome=\"DENY\""));
        assertEquals(noRelationshipBefore + 1,
                value(after, "policy_decision_codes_total", "code=\"NO_RELATIONSHIP\",kind=\"AUTHORIZATION\",type=\"reason\""));
        assertTrue(value(after, "policy_decision_codes_total", "code=\"SUPPORT_DIRECTLY\",kind=\"AUTHORIZATION\",type=\"obligation\"") >= 1);
        assertTrue(value(after, "policy_decisions_total", "kind=\"ACCEPTANCE\",outcome=\"ALLOW\"") >= 1);
        assertTrue(value(after, "policy_decisions_total", "kind=\"LINK_ISSUED\",outcome=\"ALLOW\"") >= 1);
        assertTrue(value(after, "policy_decision_duration_seconds_count", "kind=\"AUTHORIZATION\"") >= 4);
        assertTrue(after.contains("policy_decision_duration_seconds_bucket{kind=\"AUTHORIZATION\",le=\"1.0E-5\"}"), after);
        // one commit each: the link, the acceptance, two single decisions and the batch
        assertTrue(value(after, "policy_decision_log_commit_seconds_count", "") >= 5);
        assertTrue(after.contains("policy_decision_log_commit_seconds_bucket{le=\"0.001\"}"), after);
        // the batch of two committed its two entries together
        assertTrue(value(after, "policy_decision_log_batch_entries_bucket", "le=\"2.0\"")
                > value(after, "policy_decision_log_batch_entries_bucket", "le=\"1.0\""), after);
        assertEquals(1.0, value(after, "policy_rules_info", "version=\"" + rules.current().engine().version() + "\""));
    }

    private String scrape(Api api) {
        Api.Response response = api.get("/metrics", auditor());
        assertEquals(200, response.status());
        return response.get("raw");
    }

    /** The value of one sample, 0 when absent; {@code labels} is the exact label list inside the braces. */
    static double value(String scrape, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
