package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rules test} and {@code rules impact} as the compliance team's CI runs them, against the decision
 * log of a running service's database. Each call goes through the command's entry point, exit code and
 * printed report included.
 */
@MicronautTest(environments = "test", transactional = false)
class RulesCommandTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Value("${datasources.default.url}")
    String url;

    record Run(int exitCode, String output) {
    }

    private static Run rules(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "rules";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = RulesCommand.run(all, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void testCompilesTheFolderAndRunsItsScenarios() throws Exception {
        Run ok = rules("test", RulesUnderTest.path().toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Scenarios: " + RulesUnderTest.report().passed() + " passed, 0 failed"), ok.output());
        assertTrue(ok.output().strip().endsWith("OK"), ok.output());

        Path broken = RuleFolders.copyOfRealRules("rules-cli-broken");
        Path drl = broken.resolve("relationships/link/link.drl");
        Files.writeString(drl, Files.readString(drl).replaceFirst("then", "then\n    insert(new Nothing());"));
        Run failed = rules("test", broken.toString());
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("relationships/link/link.drl:"), failed.output());
        assertTrue(failed.output().contains("Nothing"), failed.output());
        assertTrue(failed.output().strip().endsWith("FAILED"));

        Path wrongScenario = RuleFolders.copyOfRealRules("rules-cli-scenario");
        RuleFolders.put(wrongScenario, RuleFolders.c13Overlay());
        RuleFolders.put(wrongScenario, withOriginalScenarios());
        Run failing = rules("test", wrongScenario.toString());
        assertEquals(1, failing.exitCode(), failing.output());
        assertTrue(failing.output().contains("Scenarios: ") && failing.output().contains(" passed, 2 failed"), failing.output());
        assertTrue(failing.output().contains("relationships/authorization/authorization.scenarios.yaml:"), failing.output());

        assertEquals(2, rules("test", "no/such/folder").exitCode());
        assertEquals(2, rules("frobnicate").exitCode());
    }

    @Test
    void impactListsTheLoggedDecisionsACandidateWouldChange() {
        String flipped = supportDecisionOfAPartnerWithoutDap();
        Path candidate = RuleFolders.copyOfRealRules("rules-cli-candidate");
        RuleFolders.write(candidate, RuleFolders.c13LaterReading());

        Run changes = rules("impact", "--candidate", candidate.toString(), "--url", url, "--user", "sa", "--password", "");
        assertEquals(1, changes.exitCode(), changes.output());
        assertTrue(changes.output().contains("Scenarios: "), changes.output());
        assertTrue(changes.output().contains(flipped), changes.output());
        String afterFlipped = changes.output().substring(changes.output().indexOf(flipped));
        assertTrue(afterFlipped.contains("before ALLOW [SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST]"), changes.output());
        assertTrue(afterFlipped.contains("after  DENY [RELATIONSHIP_NOT_REESTABLISHED]"), changes.output());

        // Without --url the command reads the database from the service's own configuration.
        System.setProperty("datasources.default.url", url);
        try {
            Run none = rules("impact", "--candidate", RulesUnderTest.path().toString(), "--last", "50");
            assertEquals(0, none.exitCode(), none.output());
            assertTrue(none.output().contains("of the last 50 logged decisions; 0 would change"), none.output());
        } finally {
            System.clearProperty("datasources.default.url");
        }

        Run unreachable = rules("impact", "--candidate", RulesUnderTest.path().toString(), "--url", "jdbc:h2:mem:nothing-here-" + UUID.randomUUID());
        assertEquals(2, unreachable.exitCode(), unreachable.output());
        assertTrue(unreachable.output().contains("Cannot read the decision log"), unreachable.output());
        assertEquals(2, rules("impact").exitCode());
        assertEquals(2, rules("impact", "--candidate", candidate.toString(), "--last", "many").exitCode());
        assertFalse(rules("impact").output().isBlank(), "usage is printed");
    }

    private static Map<String, String> withOriginalScenarios() {
        String path = "relationships/authorization/authorization.scenarios.yaml";
        return Map.of(path, RulesUnderTest.folder().get(path));
    }

    private String supportDecisionOfAPartnerWithoutDap() {
        Api api = new Api(client);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String partnerId = "P-" + run;
        String customerId = "C-" + run;
        api.putPartner(partnerId, "Contoso", "PUBLIC", "CSP");
        api.putCustomer(customerId, "Northwind", "PUBLIC");
        String link = api.get("/api/v1/partners/" + partnerId + "/relationship-request", partner(partnerId)).get("link");
        api.post("/api/v1/customers/" + customerId + "/relationship-acceptances", Map.of("link", link, "services", List.of("AZURE")),
                customerAdmin(customerId));
        api.delete("/api/v1/customers/" + customerId + "/partner-relationships/" + partnerId + "/delegated-admin", customerAdmin(customerId));
        Api.Response r = api.post("/api/v1/decisions", Map.of("partnerId", partnerId, "customerId", customerId, "action", "PROVIDE_SUPPORT",
                "service", "AZURE"), partner(partnerId));
        assertEquals("ALLOW", r.get("outcome"), r.body().toString());
        return r.get("decisionId");
    }
}
