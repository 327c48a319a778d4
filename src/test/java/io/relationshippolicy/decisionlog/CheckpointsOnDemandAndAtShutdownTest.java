package io.relationshippolicy.decisionlog;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints are lines in a file auditors keep: an auditor cannot make it grow at will (a checkpoint of an
 * unchanged log is the latest one; at most one new one per on-demand interval), and a clean shutdown signs
 * the head, so the tail written since the last interval's checkpoint cannot be cut unnoticed.
 */
class CheckpointsOnDemandAndAtShutdownTest {

    @TempDir
    Path folder;

    @Test
    void onDemandCheckpointsAreBoundedAndShutdownSignsTheHead() throws Exception {
        Path file = folder.resolve(DecisionLogCheckpoints.FILE);
        long head;
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("policy.decision-log.checkpoints.path", folder.toString()), "test");
             HttpClient client = HttpClient.create(server.getURL())) {
            Api api = new Api(client);
            api.putPartner("P-CHECKPOINT", "Contoso", "PUBLIC", "CSP");
            issueLink(api);

            Api.Response first = api.post("/api/v1/decision-log/checkpoints", Map.of(), TestTokens.auditor());
            assertEquals(201, first.status(), first.body().toString());
            Api.Response unchanged = api.post("/api/v1/decision-log/checkpoints", Map.of(), TestTokens.auditor());
            assertEquals(200, unchanged.status(), "the log has not grown: the latest checkpoint is the answer");
            assertEquals((Object) first.get("signature"), unchanged.get("signature"));
            assertEquals(1, lines(file).size());

            issueLink(api);
            Api.Response tooSoon = api.post("/api/v1/decision-log/checkpoints", Map.of(), TestTokens.auditor());
            assertEquals(429, tooSoon.status(), tooSoon.body().toString());
            assertTrue(tooSoon.contentType().startsWith("application/problem+json"), tooSoon.contentType());
            assertTrue(((String) tooSoon.get("detail")).contains("Ask again in"), tooSoon.body().toString());
            HttpClientResponseException refused = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                    .exchange(HttpRequest.POST("/api/v1/decision-log/checkpoints", Map.of()).bearerAuth(TestTokens.auditor()), String.class));
            assertEquals(429, refused.getStatus().getCode());
            assertTrue(Long.parseLong(refused.getResponse().getHeaders().get("Retry-After")) >= 1, "Retry-After says when to ask again");
            assertEquals(1, lines(file).size(), "nothing appended within the interval");

            issueLink(api);
            head = ((Number) api.get("/api/v1/decision-log/verification", TestTokens.auditor()).get("headSequence")).longValue();
            assertEquals(3, head);
        }
        List<String> written = lines(file);
        assertEquals(2, written.size(), "a checkpoint at shutdown: " + written);
        assertTrue(written.get(1).contains("\"sequence\":" + head + ","), written.get(1));
    }

    private static void issueLink(Api api) {
        assertEquals(200, api.get("/api/v1/partners/P-CHECKPOINT/relationship-request", TestTokens.partner("P-CHECKPOINT")).status());
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
