package io.relationshippolicy.rules;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.rules.RulesActivationStore.FilesChanged;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.compliance;
import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule change from edit to live without a restart, as the compliance team does it: read the catalogue,
 * see broken changes refused while the service keeps deciding, validate a candidate and review the past
 * decisions it would flip, activate it, and find later decisions naming the new version. The service runs
 * on a copy of the rules folder that the test edits, as the team edits theirs.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleChangeWorkflowContractTest implements TestPropertyProvider {

    private final Path folder = RuleFolders.copyOfRealRules("rules-workflow");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ActiveRules rules;

    @Inject
    RulesWorkflow workflow;

    @Inject
    RulesActivationStore store;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    Api api;
    String withoutDap;
    String withDap;
    String customer;
    String flippedDecision;
    String unchangedDecision;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", folder.toString(), "policy.rules.follow.enabled", "false");
    }

    /** A reseller whose DAP the customer removed, and a partner that still holds DAP; each asks to support the customer. */
    @BeforeAll
    void world() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        withoutDap = world.csp("P-RES", "Contoso");
        withDap = world.csp("P-DAP", "Fabrikam");
        customer = world.customer("C", "Northwind");
        world.accepted(customer, withoutDap, "DYNAMICS_365");
        world.accepted(customer, withDap, "AZURE");
        assertEquals("ALLOW", api.delete("/api/v1/customers/" + customer + "/partner-relationships/" + withoutDap + "/delegated-admin",
                customerAdmin(customer)).get("outcome"));
        Api.Response viaMicrosoft = support(withoutDap, "DYNAMICS_365");
        assertEquals("ALLOW", viaMicrosoft.get("outcome"));
        flippedDecision = viaMicrosoft.get("decisionId");
        Api.Response direct = support(withDap, "AZURE");
        assertEquals(List.of("SUPPORT_DIRECTLY"), direct.codes("obligations"));
        unchangedDecision = direct.get("decisionId");
        String link = api.get("/api/v1/partners/" + withDap + "/relationship-request", partner(withDap)).get("link");
        assertEquals("ALLOW", api.post("/api/v1/partners/" + withDap + "/relationship-request/email-check",
                Map.of("body", "Dear customer,\n\n" + link + "\n"), partner(withDap)).get("outcome"));
        assertEquals("ALLOW", api.post("/api/v1/customers/" + customer + "/partner-relationships/" + withDap + "/renegotiation",
                Map.of("terminate", true), partner(withDap)).get("outcome"));
    }

    /** Every test starts from the real rules, in the folder and in service, whatever the test before it did. */
    @AfterEach
    void restoreTheRealRules() {
        RuleFolders.write(folder, RulesUnderTest.folder());
        SortedMap<String, String> original = new java.util.TreeMap<>(RulesUnderTest.folder());
        if (!DrlCompiler.version(original).equals(rules.current().engine().version())) {
            workflow.activate(original, folder.toString(), "test-restore", null);
        }
    }

    private Api.Response support(String partnerId, String service) {
        Api.Response r = api.post("/api/v1/decisions", Map.of("partnerId", partnerId, "customerId", customer,
                "action", "PROVIDE_SUPPORT", "service", service), partner(partnerId));
        assertEquals(200, r.status(), r.body().toString());
        return r;
    }

    private String activeVersion() {
        return api.get("/api/v1/rules", compliance()).get("version");
    }

    @Test
    void theCatalogueNamesEveryRuleWithItsFileAndClauseAndAuditorsMayReadIt() {
        Api.Response catalogue = api.get("/api/v1/rules", compliance());
        assertEquals(200, catalogue.status());
        assertEquals(DrlCompiler.version(RulesUnderTest.folder()), catalogue.get("version"));
        assertTrue(Instant.parse(catalogue.get("activatedAt")).isBefore(Instant.now().plusSeconds(1)));
        Map<String, Object> aut014 = catalogue.items("rules").stream().filter(r -> r.get("id").equals("AUT-014")).findFirst().orElseThrow();
        assertEquals("C13", aut014.get("clause"));
        assertEquals("relationships/authorization/authorization.drl", aut014.get("file"));
        assertTrue(((String) aut014.get("name")).contains("Microsoft service request"));
        assertEquals(rules.current().engine().rules().size(), catalogue.items("rules").size());

        Api.Response history = api.get("/api/v1/rules/history", auditor());
        assertEquals(200, history.status());
        List<Map<String, Object>> activations = history.items("activations");
        assertEquals(catalogue.get("version"), activations.get(0).get("version"), "the newest activation is the version in service");
        Map<String, Object> first = activations.get(activations.size() - 1);
        assertEquals(catalogue.get("version"), first.get("version"), "the service started with the real rules");
        assertEquals("startup", first.get("activatedBy"));

        assertEquals(200, api.get("/api/v1/rules", auditor()).status());
        assertEquals(403, api.get("/api/v1/rules", partner(withDap)).status());
        assertEquals(401, api.get("/api/v1/rules", null).status());
        assertEquals(403, api.post("/api/v1/rules/reload", Map.of(), auditor()).status(), "auditors read, never activate");
        assertEquals(403, api.post("/api/v1/rules/validate", Map.of(), partner(withDap)).status());
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedWithFileAndLineAndTheServiceKeepsDeciding() {
        String before = activeVersion();
        SortedMap<String, String> broken = RuleFolders.edited(text -> text.replace("DapRemovalRequest( !actorIsCustomerAdmin )",
                "DapRemovalRequest( !actorIsCustomerAdmin, nosuchfield == 1 )"));
        RuleFolders.write(folder, broken);
        try {
            Api.Response refused = api.post("/api/v1/rules/reload", Map.of(), compliance());
            assertEquals(422, refused.status(), refused.body().toString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            Map<String, Object> error = refused.items("errors").get(0);
            assertEquals("relationships/removal/removal.drl", error.get("file"));
            int line = lineOf(broken.get("relationships/removal/removal.drl"), "nosuchfield");
            assertEquals(line, error.get("line"), refused.body().toString());
            assertTrue(((String) error.get("message")).contains("nosuchfield"), (String) error.get("message"));
            assertEquals(before, refused.get("activeVersion"));

            assertEquals(before, activeVersion());
            Api.Response decision = support(withDap, "AZURE");
            assertEquals(before, decision.get("rulesVersion"));
        } finally {
            RuleFolders.write(folder, RulesUnderTest.folder());
        }
    }

    @Test
    void aFailingScenarioIsRefusedNamingTheScenarioFileAndCase() {
        String before = activeVersion();
        String path = "relationships/authorization/authorization.scenarios.yaml";
        String original = RulesUnderTest.folder().get(path);
        String wrong = original.replace("want: {outcome: ALLOW, fired: [AUT-001, AUT-003, AUT-005]}",
                "want: {outcome: DENY, fired: [AUT-001, AUT-003, AUT-005]}");
        assertNotEquals(original, wrong);
        Map<String, String> files = new HashMap<>(RulesUnderTest.folder());
        files.put(path, wrong);
        RuleFolders.write(folder, files);
        try {
            Api.Response refused = api.post("/api/v1/rules/reload", Map.of(), compliance());
            assertEquals(422, refused.status(), refused.body().toString());
            List<Map<String, Object>> errors = refused.items("errors");
            assertFalse(errors.isEmpty());
            for (Map<String, Object> error : errors) {
                assertEquals(path, error.get("file"));
                assertTrue((Integer) error.get("line") > 0);
                assertTrue(((String) error.get("message")).contains("wanted outcome DENY, got ALLOW"), (String) error.get("message"));
                assertTrue(((String) error.get("message")).startsWith("scenario '"), (String) error.get("message"));
            }
            assertEquals(before, activeVersion());
        } finally {
            RuleFolders.write(folder, RulesUnderTest.folder());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void replayingTheActiveRulesReproducesEveryLoggedDecisionOfEveryKind() {
        Api.Response same = api.post("/api/v1/rules/validate", Map.of(), compliance());
        assertEquals(200, same.status(), same.body().toString());
        Map<String, Object> impact = same.get("impact");
        String active = activeVersion();
        List<Map<String, Object>> changed = (List<Map<String, Object>>) impact.get("changed");
        assertEquals(List.of(), changed.stream().filter(c -> active.equals(c.get("rulesVersion"))).toList(),
                "the version that took the decisions takes them again the same way");
        assertEquals(List.of(), impact.get("skipped"));
        assertEquals(logged(), ((Integer) impact.get("replayed")).longValue());
        assertEquals(Map.of("added", List.of(), "changed", List.of(), "removed", List.of()), same.get("files"));
        assertEquals(6L, kindsLogged(), "link, email check (its body masked), acceptance, removal, renegotiation, authorization");
    }

    private long logged() {
        journal.awaitIndexed();
        return database.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM decision_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private long kindsLogged() {
        return database.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(DISTINCT kind) FROM decision_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void validationListsThePastDecisionsACandidateWouldFlipAndActivatesNothing() {
        String before = activeVersion();
        Api.Response v = api.post("/api/v1/rules/validate", Map.of("files", RuleFolders.c13Overlay()), compliance());
        assertEquals(200, v.status(), v.body().toString());
        assertEquals(true, v.get("compiles"));
        assertEquals(true, v.get("activatable"));
        assertEquals(List.of(), v.get("errors"));
        Map<String, Object> scenarios = v.get("scenarios");
        assertEquals(0, scenarios.get("failed"));
        assertTrue((Integer) scenarios.get("passed") > 50, scenarios.toString());
        assertEquals(DrlCompiler.version(RuleFolders.c13LaterReading()), v.get("version"));
        assertEquals(before, v.get("activeVersion"));
        assertEquals(List.of("messages_en.properties", "messages_fr.properties", "messages_pt_BR.properties",
                "relationships/authorization/authorization.drl", "relationships/authorization/authorization.scenarios.yaml"),
                ((Map<?, ?>) v.get("files")).get("changed"));

        Map<String, Object> impact = v.get("impact");
        assertEquals(10_000, impact.get("asked"));
        assertTrue((Integer) impact.get("replayed") >= 6, impact.toString());
        assertEquals(List.of(), impact.get("skipped"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changed = (List<Map<String, Object>>) impact.get("changed");
        Map<String, Object> flip = changed.stream().filter(c -> c.get("decisionId").equals(flippedDecision)).findFirst().orElseThrow(
                () -> new AssertionError("the support decision of the partner without DAP is not listed: " + changed));
        assertEquals(Map.of("outcome", "ALLOW", "codes", List.of("SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST"), "reasons", List.of(),
                "obligations", List.of("SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), flip.get("before"));
        assertEquals(Map.of("outcome", "DENY", "codes", List.of("RELATIONSHIP_NOT_REESTABLISHED"), "reasons",
                List.of("RELATIONSHIP_NOT_REESTABLISHED"), "obligations", List.of()), flip.get("after"));
        assertEquals("AUTHORIZATION", flip.get("kind"));
        assertEquals(before, flip.get("rulesVersion"));
        assertTrue(changed.stream().noneMatch(c -> c.get("decisionId").equals(unchangedDecision)), "a partner holding DAP is not affected");
        assertEquals(before, activeVersion(), "validation activates nothing");

        Map<String, String> withoutScenarios = new HashMap<>(RuleFolders.c13Overlay());
        withoutScenarios.remove("relationships/authorization/authorization.scenarios.yaml");
        Map<String, String> withoutMessages = Map.of("relationships/authorization/authorization.drl",
                withoutScenarios.get("relationships/authorization/authorization.drl"));
        Api.Response unexplained = api.post("/api/v1/rules/validate", Map.of("files", withoutMessages, "last", 1), compliance());
        assertEquals(false, unexplained.get("compiles"), "a new code without its messages is refused");
        assertTrue(unexplained.items("errors").stream().anyMatch(e -> "messages_fr.properties".equals(e.get("file"))
                && String.valueOf(e.get("message")).contains("RELATIONSHIP_NOT_REESTABLISHED")), unexplained.body().toString());

        Api.Response drlOnly = api.post("/api/v1/rules/validate", Map.of("files", withoutScenarios, "last", 1), compliance());
        assertEquals(200, drlOnly.status());
        assertEquals(true, drlOnly.get("compiles"));
        assertEquals(false, drlOnly.get("activatable"), "the scenarios still want the earlier reading");
        Map<String, Object> failing = drlOnly.get("scenarios");
        assertEquals(2, failing.get("failed"), failing.toString());
        assertEquals(1, ((Map<?, ?>) drlOnly.get("impact")).get("replayed"));

        Api.Response broken = api.post("/api/v1/rules/validate", Map.of("files", Map.of("relationships/extra/extra.drl",
                "package relationships.extra;\nrule \"x\" @id(\"X-1\") @clause(\"C1\")\nwhen\n  Nonsense( )\nthen\nend\n")), compliance());
        assertEquals(200, broken.status());
        assertEquals(false, broken.get("compiles"));
        assertEquals("relationships/extra/extra.drl", broken.items("errors").get(0).get("file"));
        assertEquals(0, ((Map<?, ?>) broken.get("impact")).get("replayed"));

        assertEquals(400, api.post("/api/v1/rules/validate", Map.of("files", Map.of("../outside.drl", "x")), compliance()).status());
        assertEquals(400, api.post("/api/v1/rules/validate", Map.of("last", -1), compliance()).status());
        assertEquals(before, activeVersion());
    }

    @Test
    void aReviewedChangeGoesLiveWithoutARestartAndLaterDecisionsNameIt() {
        String before = activeVersion();
        String candidateVersion = DrlCompiler.version(RuleFolders.c13LaterReading());
        RuleFolders.write(folder, RuleFolders.c13LaterReading());

        Api.Response stale = api.post("/api/v1/rules/reload", Map.of("expectedVersion", "sha256:" + "0".repeat(64)), compliance());
        assertEquals(409, stale.status(), "what goes live must be what was reviewed");
        assertEquals(before, activeVersion());

        Api.Response reloaded = api.post("/api/v1/rules/reload", Map.of("expectedVersion", candidateVersion), compliance());
        assertEquals(200, reloaded.status(), reloaded.body().toString());
        assertEquals(candidateVersion, reloaded.get("version"));
        assertEquals(true, reloaded.get("changed"));
        assertEquals(candidateVersion, activeVersion());

        Map<String, Object> latest = api.get("/api/v1/rules/history", compliance()).items("activations").get(0);
        assertEquals(candidateVersion, latest.get("version"));
        assertEquals("compliance-user", latest.get("activatedBy"));
        assertEquals(List.of("messages_en.properties", "messages_fr.properties", "messages_pt_BR.properties",
                "relationships/authorization/authorization.drl", "relationships/authorization/authorization.scenarios.yaml"),
                ((Map<?, ?>) latest.get("filesChanged")).get("changed"));

        Api.Response later = support(withoutDap, "DYNAMICS_365");
        assertEquals("DENY", later.get("outcome"));
        assertEquals(List.of("RELATIONSHIP_NOT_REESTABLISHED"), later.codes("reasons"));
        assertEquals("AUT-018", later.items("reasons").get(0).get("ruleId"));
        assertEquals(candidateVersion, later.get("rulesVersion"));

        int rows = api.get("/api/v1/rules/history", compliance()).items("activations").size();
        Api.Response again = api.post("/api/v1/rules/reload", null, compliance());
        assertEquals(200, again.status());
        assertEquals(false, again.get("changed"));
        assertEquals(rows, api.get("/api/v1/rules/history", compliance()).items("activations").size(), "nothing new was activated");
    }

    @Test
    void aVersionActivatedByAnotherInstanceReachesThisOne() {
        SortedMap<String, String> original = new java.util.TreeMap<>(RulesUnderTest.folder());
        String originalVersion = DrlCompiler.version(original);
        // this instance serves the C13 reading; another instance then puts the real rules back
        RuleFolders.write(folder, RuleFolders.c13LaterReading());
        workflow.activate(new java.util.TreeMap<>(RuleFolders.c13LaterReading()), folder.toString(), "compliance-user", null);
        assertNotEquals(originalVersion, rules.current().engine().version());
        database.write(c -> {
            store.lock();
            return store.record(originalVersion, original, Instant.now(), "someone-on-another-instance",
                    FilesChanged.between(RuleFolders.c13LaterReading(), original));
        });

        workflow.followLatest();

        assertEquals(originalVersion, activeVersion());
        assertEquals("someone-on-another-instance", rules.current().activatedBy());
        assertEquals("ALLOW", support(withoutDap, "DYNAMICS_365").get("outcome"));
    }

    @Test
    void anInstanceStartingFromASupersededFolderDoesNotRollTheRulesBack() {
        // This instance runs the real rules; the C13 version comes back as the latest activation, recorded by
        // another instance, as if this instance restarted from a folder that was not updated.
        String candidateVersion = DrlCompiler.version(RuleFolders.c13LaterReading());
        database.write(c -> {
            store.lock();
            return store.record(candidateVersion, RuleFolders.c13LaterReading(), Instant.now(), "compliance-user",
                    FilesChanged.between(RulesUnderTest.folder(), RuleFolders.c13LaterReading()));
        });
        int rows = workflow.history().size();

        workflow.onStartup(null);

        assertEquals(candidateVersion, activeVersion(), "the latest activation wins over a superseded folder");
        assertEquals(rows, workflow.history().size(), "restoring the latest activation records nothing new");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }
}
