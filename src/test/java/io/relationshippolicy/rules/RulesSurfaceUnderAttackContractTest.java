package io.relationshippolicy.rules;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.relationshippolicy.support.Eventually.eventually;
import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.compliance;
import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A COMPLIANCE caller trying, as an attacker would, to run code in the service or stop it answering through
 * the rules routes: hostile candidates are refused at validate and at reload with nothing executed and no
 * secret in any answer; a looping candidate is refused by its evaluation budget, naming the scenario; thirty
 * looping candidates at once leave /health and decisions answering; every attempt leaves a trace; and a live
 * rules version that runs over its budget fails closed with 503, nothing logged.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesSurfaceUnderAttackContractTest implements TestPropertyProvider {

    private static final String AUTHORIZATION = "relationships/authorization/authorization.drl";
    private final Path folder = RuleFolders.copyOfRealRules("rules-attack");
    private final Path canary = folder.getParent().resolve("canary-" + UUID.randomUUID());

    /** Feeds its own condition: every denial inserts another one. */
    private static final String LOOP = """

            rule "Every denial brings another one"
                @id("AUT-900") @clause("C9")
            when
                AuthorizationRequest( )
                Denial( )
            then
                insert(new Denial("NO_RELATIONSHIP"));
            end
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ActiveRules rules;

    Api api;
    String customer;
    String reseller;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", folder.toString(), "policy.rules.follow.enabled", "false",
                "policy.rules.budget.max-firings", "1000");
    }

    @BeforeAll
    void world() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        reseller = world.csp("P-ATK", "Contoso");
        customer = world.customer("C-ATK", "Northwind");
        world.accepted(customer, reseller, "AZURE");
    }

    @AfterAll
    void nothingRan() {
        assertFalse(Files.exists(canary), "a hostile rule ran: " + canary + " exists");
    }

    private String withLoop() {
        return RulesUnderTest.folder().get(AUTHORIZATION) + LOOP;
    }

    private String hostile() {
        return RulesUnderTest.folder().get(AUTHORIZATION) + """

                rule "Leak the secret and leave a mark"
                    @id("AUT-901") @clause("C9")
                when
                    AuthorizationRequest( )
                then
                    java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), System.getenv("POLICY_JWT_SECRET"));
                    insert(new Denial(System.getProperty("policy.jwt.secret")));
                end
                """.formatted(canary);
    }

    /** Validates, waiting its turn when another check is still running (429). */
    private Api.Response validate(String path, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("files", Map.of(path, text));
        body.put("last", 50);
        return eventually(Duration.ofSeconds(60), "the check under way to end", () -> api.post("/api/v1/rules/validate", body, compliance()),
                r -> r.status() != 429);
    }

    /** Reloads, waiting its turn when another check is still running (429). */
    private Api.Response reload() {
        return eventually(Duration.ofSeconds(60), "the check under way to end", () -> api.post("/api/v1/rules/reload", Map.of(), compliance()),
                r -> r.status() != 429);
    }

    private static void assertClean(Api.Response r) {
        String text = String.valueOf(r.body());
        assertFalse(text.contains("Exception") || text.contains("org.drools") || text.contains("\tat ")
                || text.contains("javaparser"), "internals in the answer: " + text);
    }

    @Test
    void aHostileCandidateIsRefusedAtValidateWithNothingExecutedAndNoSecretInTheAnswer() {
        Api.Response r = validate(AUTHORIZATION, hostile());
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals(false, r.get("compiles"));
        assertEquals(false, r.get("activatable"));
        List<Map<String, Object>> errors = r.items("errors");
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().allMatch(e -> AUTHORIZATION.equals(e.get("file")) && ((Number) e.get("line")).intValue() > 0), errors.toString());
        assertFalse(String.valueOf(r.body()).contains(TestTokens.SECRET), "the token secret came back");
        assertClean(r);
        assertFalse(Files.exists(canary));
        assertEquals(200, api.get("/health", null).status());
    }

    @Test
    void aHostileFolderIsRefusedAtReloadWithNothingExecutedAndTheActiveRulesServe() throws Exception {
        String before = api.get("/api/v1/rules", compliance()).get("version");
        String original = Files.readString(folder.resolve(AUTHORIZATION));
        Files.writeString(folder.resolve(AUTHORIZATION), hostile());
        try {
            Api.Response r = reload();
            assertEquals(422, r.status(), String.valueOf(r.body()));
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertClean(r);
            assertFalse(Files.exists(canary));
            assertEquals(before, api.get("/api/v1/rules", compliance()).get("version"));
            assertEquals(200, decide().status());
        } finally {
            Files.writeString(folder.resolve(AUTHORIZATION), original);
        }
    }

    @Test
    void everyAttackOfTheCorpusIsRefusedAtValidateAndAtReloadWithNothingExecuted() throws Exception {
        String file = "relationships/attack/attack.drl";
        String before = api.get("/api/v1/rules", compliance()).get("version");
        for (Arguments attack : HostileRuleFilesAreRefusedTest.attacks().toList()) {
            String name = (String) attack.get()[0];
            String drl = (String) attack.get()[1];
            int line = (Integer) attack.get()[2];

            Api.Response validated = validate(file, drl);
            assertEquals(200, validated.status(), name);
            assertEquals(false, validated.get("compiles"), name);
            assertTrue(validated.items("errors").stream().anyMatch(e -> file.equals(e.get("file"))
                    && ((Number) e.get("line")).intValue() == line), name + ": " + validated.body());
            assertClean(validated);

            RuleFolders.put(folder, Map.of(file, drl));
            try {
                Api.Response reloaded = reload();
                assertEquals(422, reloaded.status(), name + ": " + reloaded.body());
                assertTrue(reloaded.items("errors").stream().anyMatch(e -> file.equals(e.get("file"))
                        && ((Number) e.get("line")).intValue() == line), name + ": " + reloaded.body());
                assertClean(reloaded);
            } finally {
                Files.delete(folder.resolve(file));
            }
            assertFalse(Files.exists(HostileRuleFilesAreRefusedTest.CANARY), name + " ran");
        }
        assertEquals(before, api.get("/api/v1/rules", compliance()).get("version"));
        assertEquals(200, api.get("/health", null).status());
        assertEquals(200, decide().status());
    }

    @Test
    void aLoopingCandidateIsRefusedByTheBudgetNamingTheScenario() {
        Api.Response r = validate(AUTHORIZATION, withLoop());
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals(true, r.get("compiles"));
        assertEquals(false, r.get("activatable"));
        Map<String, Object> scenarios = r.get("scenarios");
        List<Map<String, Object>> failures = (List<Map<String, Object>>) scenarios.get("failures");
        assertTrue(failures.stream().anyMatch(f -> f.get("scenario") != null
                && String.valueOf(f.get("message")).contains("evaluation budget of 1000 rule firings")), failures.toString());
    }

    @Test
    void thirtyLoopingCandidatesAtOnceLeaveHealthAndDecisionsAnswering() throws Exception {
        // warm: this measures starvation, not the first call of a route
        assertEquals(200, api.get("/health", null).status());
        assertEquals(200, decide().status());
        ExecutorService callers = Executors.newFixedThreadPool(30);
        try {
            List<Future<HttpResponse<?>>> validations = new ArrayList<>();
            Map<String, Object> body = Map.of("files", Map.of(AUTHORIZATION, withLoop()), "last", 50);
            for (int i = 0; i < 30; i++) {
                validations.add(callers.submit((Callable<HttpResponse<?>>) () -> exchange(
                        HttpRequest.POST("/api/v1/rules/validate", body).bearerAuth(compliance()))));
            }
            Thread.sleep(200);
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertEquals(200, api.get("/health", null).status());
                long health = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                assertEquals(200, decide().status());
                long decision = (System.nanoTime() - start) / 1_000_000;
                assertTrue(health < 1000 && decision < 1000, "while candidates were checked, /health took " + health
                        + " ms and a decision " + decision + " ms");
            }
            int tooMany = 0;
            int judged = 0;
            for (Future<HttpResponse<?>> f : validations) {
                HttpResponse<?> response = f.get();
                if (response.code() == 429) {
                    tooMany++;
                    assertNotNull(response.header("Retry-After"), "429 without Retry-After");
                } else {
                    assertEquals(200, response.code());
                    judged++;
                }
            }
            assertTrue(tooMany > 0, "no candidate was turned away");
            assertEquals(30, tooMany + judged);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void everyValidateAndReloadLeavesATrace() {
        validate(AUTHORIZATION, hostile());
        Api.Response history = api.get("/api/v1/rules/history", auditor());
        assertEquals(200, history.status());
        List<Map<String, Object>> attempts = history.items("attempts");
        Map<String, Object> newest = attempts.get(0);
        assertEquals("VALIDATE", newest.get("action"));
        assertEquals("REFUSED", newest.get("result"));
        assertTrue(String.valueOf(newest.get("candidateVersion")).startsWith("sha256:"));
        assertTrue(String.valueOf(newest.get("attemptedBy")).length() > 0);
        assertTrue(String.valueOf(newest.get("reason")).contains(AUTHORIZATION), newest.toString());
    }

    @Test
    void aLiveVersionOverItsBudgetFailsClosedWith503AndLogsNothing() {
        ActiveRules.Active serving = rules.current();
        SortedMap<String, String> files = new TreeMap<>(serving.files());
        files.put(AUTHORIZATION, withLoop());
        CompilationResult looping = rules.compiler().compile(files);
        assertTrue(looping.compiles(), looping.errors().toString());
        int logged = entries();
        // a version that passed its gates yet loops on live data: installed directly, as no gate would let it through
        rules.activate(looping.engine(), files, "test", "test");
        try {
            Api.Response r = decide();
            assertEquals(503, r.status(), String.valueOf(r.body()));
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertTrue(String.valueOf(r.body()).contains("budget"));
            assertClean(r);
            assertEquals(logged, entries(), "a decision over budget was logged");
            String metrics = client.toBlocking().retrieve(HttpRequest.GET("/metrics").bearerAuth(auditor()));
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("policy_rules_over_budget_total") && !l.endsWith(" 0.0")), metrics);
        } finally {
            rules.activate(serving.engine(), serving.files(), serving.source(), serving.activatedBy());
        }
        assertEquals(200, decide().status());
    }

    private int entries() {
        return api.get("/api/v1/decision-log?customerId=" + customer + "&limit=1000", auditor()).items("entries").size();
    }

    private Api.Response decide() {
        return api.post("/api/v1/decisions", Map.of("partnerId", reseller, "customerId", customer, "action", "ADMINISTER_SERVICE",
                "service", "INTUNE"), partner(reseller));
    }

    private HttpResponse<?> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, Map.class);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }
}
