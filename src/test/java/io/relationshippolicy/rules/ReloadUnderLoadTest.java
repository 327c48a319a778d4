package io.relationshippolicy.rules;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.relationshippolicy.support.TestTokens.compliance;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partners keep asking while the compliance team reloads back and forth between two versions that answer
 * differently. No request fails, and every decision, in the answer and in the log, was taken entirely by
 * one version: its rulesVersion is one of the two, and its obligation code is the one that version gives.
 * A batch is answered by one version from its first decision to its last.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReloadUnderLoadTest implements TestPropertyProvider {

    private static final int CLIENTS = 4;
    private static final int RELOADS = 4;

    private final Path folder = RuleFolders.copyOfRealRules("rules-under-load");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    @Override
    public Map<String, String> getProperties() {
        // compiling under load on a small machine can take longer than the client's default 10 s
        return Map.of("policy.rules.path", folder.toString(), "micronaut.http.client.read-timeout", "120s");
    }

    @Test
    void reloadingUnderLoadFailsNoRequestAndSplitsNoDecision() throws Exception {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String partnerId = world.csp("P", "Contoso");
        String customerId = world.customer("C", "Northwind");
        world.accepted(customerId, partnerId, "AZURE");

        Map<String, String> versionA = RulesUnderTest.folder();
        Map<String, String> versionB = RuleFolders.versionB();
        Map<String, String> obligationOf = Map.of(DrlCompiler.version(versionA), "SUPPORT_DIRECTLY",
                DrlCompiler.version(versionB), "SUPPORT_DIRECTLY_B");

        Map<String, Object> ask = Map.of("partnerId", partnerId, "customerId", customerId, "action", "PROVIDE_SUPPORT", "service", "AZURE");
        Map<String, Object> batch = Map.of("requests", Collections.nCopies(10, ask));
        AtomicBoolean reloading = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> decisionsByVersion = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            running.add(clients.submit(() -> {
                while (reloading.get()) {
                    Api.Response r = api.post("/api/v1/decisions/batch", batch, partner(partnerId));
                    if (r.status() != 200) {
                        problems.add("status " + r.status() + ": " + r.body());
                        continue;
                    }
                    List<Map<String, Object>> decisions = r.items("decisions");
                    String version = (String) decisions.get(0).get("rulesVersion");
                    for (Map<String, Object> d : decisions) {
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> obligations = (List<Map<String, Object>>) d.get("obligations");
                        if (!version.equals(d.get("rulesVersion"))) {
                            problems.add("one batch answered by two versions: " + version + " and " + d.get("rulesVersion"));
                        }
                        if (!obligationOf.containsKey(version)
                                || !List.of(obligationOf.get(version)).equals(obligations.stream().map(o -> o.get("code")).toList())) {
                            problems.add("version " + version + " answered " + obligations);
                        }
                        decisionsByVersion.merge(version, 1, Integer::sum);
                    }
                    pause(5);
                }
            }));
        }
        try {
            for (int i = 0; i < RELOADS; i++) {
                Map<String, String> next = i % 2 == 0 ? versionB : versionA;
                RuleFolders.write(folder, next);
                Api.Response reloaded = api.post("/api/v1/rules/reload", Map.of(), compliance());
                assertEquals(200, reloaded.status(), reloaded.body().toString());
                assertEquals(DrlCompiler.version(next), reloaded.get("version"));
                pause(300);
            }
        } finally {
            reloading.set(false);
            clients.shutdown();
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(List.of(), problems);
        assertEquals(obligationOf.keySet(), decisionsByVersion.keySet(), "both versions answered: " + decisionsByVersion);
        System.out.println("decisions answered during " + RELOADS + " reloads, by version: " + decisionsByVersion);

        Map<String, Integer> logged = new HashMap<>();
        journal.awaitIndexed();
        database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rules_version, reason_codes FROM decision_log "
                    + "WHERE partner_id = ? AND kind = 'AUTHORIZATION'")) {
                ps.setString(1, partnerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String version = rs.getString(1);
                        assertEquals("," + obligationOf.get(version) + ",", rs.getString(2), "logged by " + version);
                        logged.merge(version, 1, Integer::sum);
                    }
                }
            }
            return null;
        });
        assertEquals(decisionsByVersion, logged, "every answered decision is logged with the version that took it");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
