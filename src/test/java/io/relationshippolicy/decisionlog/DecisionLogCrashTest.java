package io.relationshippolicy.decisionlog;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service runs as a child JVM on an H2 file database and answers decisions from several clients;
 * it is killed with SIGKILL in the middle of the load. After a restart on the same file the chain
 * verifies and every decisionId a client received is in the log: no decision was answered before its
 * entry was committed.
 */
class DecisionLogCrashTest {

    private static final String PARTNER = "P-CONTOSO";
    private static final String CUSTOMER = "C-NORTHWIND";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.createDefault();
    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void everyAnsweredDecisionSurvivesAKillDuringLoad() throws Exception {
        Path dir = Path.of("target", "crash-test", Long.toString(System.nanoTime())).toAbsolutePath();
        Files.createDirectories(dir);
        int port = freePort();
        service = start(dir, port, "first");

        Queue<String> answered = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            Thread client = new Thread(() -> load(port, n, answered, running), "client-" + i);
            client.start();
            clients.add(client);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (answered.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        service.destroyForcibly();   // SIGKILL on Linux: no shutdown hook, no flush
        service.waitFor();
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        Set<String> received = new HashSet<>(answered);
        assertTrue(received.size() >= 100, "the clients got answers before the kill: " + received.size());

        service = start(dir, port, "restarted");
        Map<String, Object> verification = getJson(port, "/api/v1/decision-log/verification");
        assertEquals(true, verification.get("valid"), verification.toString());

        Set<String> logged = new HashSet<>();
        String export = get(port, "/api/v1/decision-log/export?format=ndjson", TestTokens.auditor()).body();
        for (String line : export.split("\n")) {
            if (!line.isBlank()) {
                logged.add((String) json.readValue(line, Argument.mapOf(String.class, Object.class)).get("decisionId"));
            }
        }
        Set<String> missing = new HashSet<>(received);
        missing.removeAll(logged);
        assertTrue(missing.isEmpty(), missing.size() + " of " + received.size() + " answered decisions are not in the log");
        assertEquals(((Number) verification.get("entriesChecked")).intValue(), logged.size());
    }

    /** Mixes decisions that share group commits (link, email check) with lifecycle commands logged in their own transaction. */
    private void load(int port, int n, Queue<String> answered, AtomicBoolean running) {
        String partnerToken = TestTokens.partner(PARTNER);
        String customerToken = TestTokens.customerAdmin(CUSTOMER);
        while (running.get()) {
            try {
                HttpResponse<String> r;
                if (n == 3) {
                    r = post(port, "/api/v1/customers/" + CUSTOMER + "/partner-relationships/" + PARTNER + "/renegotiation",
                            "{\"terminate\":true}", customerToken);
                } else if (n == 2) {
                    r = post(port, "/api/v1/partners/" + PARTNER + "/relationship-request/email-check", "{\"body\":\"hello\"}", partnerToken);
                } else {
                    r = get(port, "/api/v1/partners/" + PARTNER + "/relationship-request", partnerToken);
                }
                if (r.statusCode() == 200) {
                    answered.add((String) json.readValue(r.body(), Argument.mapOf(String.class, Object.class)).get("decisionId"));
                }
            } catch (IOException | InterruptedException killed) {
                if (!running.get()) {
                    return;
                }
            }
        }
    }

    private Process start(Path dir, int port, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dmicronaut.server.port=" + port,
                "-Ddatasources.default.url=jdbc:h2:file:" + dir.resolve("db")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "-Dpolicy.data-dir=" + dir,
                "-Dpolicy.rules.path=" + System.getProperty("policy.rules.path", Path.of("rules").toAbsolutePath().toString()),
                "-Dpolicy.jwt.secret=" + TestTokens.SECRET,
                "-Dpolicy.demo-data.enabled=true",
                "-cp", System.getProperty("java.class.path"),
                "io.relationshippolicy.Application");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service did not start; see " + dir.resolve(name + ".log"));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the service was not healthy within 60 s; see " + dir.resolve(name + ".log"));
    }

    private Map<String, Object> getJson(int port, String path) throws Exception {
        HttpResponse<String> r = get(port, path, TestTokens.auditor());
        assertEquals(200, r.statusCode(), r.body());
        return json.readValue(r.body(), Argument.mapOf(String.class, Object.class));
    }

    private HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String body, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
