package io.relationshippolicy.decisionlog;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An auditor's own check, as docs/decision-log.md tells it: export the whole log, run
 * {@code docs/verify-decision-log.py} on it, outside the service. The script finds every hash and link of a real
 * export good, in NDJSON and in CSV, and names the sequence of an entry that was changed after the export.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditorScriptVerifiesARealExportTest {

    private static final Path SCRIPT = Path.of("docs/verify-decision-log.py");

    @Inject
    @Client("/")
    HttpClient client;

    Path folder;

    @BeforeAll
    void decisionsOfEveryKind() throws Exception {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String reseller = world.csp("P-AUD", "Contoso");
        String customer = world.customer("C-AUD", "Northwind");
        world.accepted(customer, reseller, "AZURE", "INTUNE");
        assertEquals(200, api.delete("/api/v1/customers/" + customer + "/partner-relationships/" + reseller
                + "/delegated-admin?service=INTUNE", TestTokens.customerAdmin(customer)).status());
        assertEquals(200, api.post("/api/v1/decisions", Map.of("partnerId", reseller, "customerId", customer,
                "action", "ADMINISTER_SERVICE", "service", "INTUNE"), TestTokens.partner(reseller)).status());
        folder = Files.createTempDirectory("auditor");
    }

    private String export(String format) {
        return client.toBlocking().retrieve(HttpRequest.GET("/api/v1/decision-log/export?format=" + format)
                .bearerAuth(TestTokens.auditor()), String.class);
    }

    private record Run(int exitCode, String output) {
    }

    private Run verify(String name, String content) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(List.of("python3", SCRIPT.toString(), file.toString()))
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script finished");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aRealNdjsonExportChecks() throws Exception {
        String ndjson = export("ndjson");
        Run run = verify("export.ndjson", ndjson);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains(ndjson.lines().count() + " entries: every hash checks, and so does every link"), run.output());
        assertTrue(run.output().strip().endsWith("VALID"), run.output());
    }

    @Test
    void aRealCsvExportChecks() throws Exception {
        Run run = verify("export.csv", export("csv"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().strip().endsWith("VALID"), run.output());
    }

    @Test
    void anEntryChangedAfterTheExportIsNamedBySequence() throws Exception {
        List<String> lines = export("ndjson").lines().toList();
        int victim = lines.size() / 2;
        String line = lines.get(victim);
        String tampered = line.contains("\"outcome\":\"ALLOW\"") ? line.replace("\"outcome\":\"ALLOW\"", "\"outcome\":\"DENY\"")
                : line.replace("\"outcome\":\"DENY\"", "\"outcome\":\"ALLOW\"");
        assertNotEquals(line, tampered);
        List<String> edited = new java.util.ArrayList<>(lines);
        edited.set(victim, tampered);
        Run run = verify("tampered.ndjson", String.join("\n", edited) + "\n");
        assertEquals(1, run.exitCode(), run.output());
        String sequence = line.replaceAll(".*\"sequence\":(\\d+).*", "$1");
        assertTrue(run.output().contains(sequence), "names sequence " + sequence + ": " + run.output());
        assertTrue(run.output().contains("does not match its hash"), run.output());
    }
}
