package io.relationshippolicy.system;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.relationshippolicy.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measurement, not part of the suite (its name does not end in Test): what {@code policy.database.h2-sync-each-commit}
 * costs on an H2 file database, through real HTTP, for the two ways a decision is committed: request links
 * (group commit, 16 concurrent callers) and acceptances (one transaction each, 4 concurrent customers).
 *
 * <pre>./mvnw -q -o test -Dtest=H2SyncCostMeasurement -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The figures are printed and written to target/h2-sync-cost.txt; docs/performance.md keeps them.
 */
class H2SyncCostMeasurement {

    private static final int LINKS = 4000;
    private static final int LINK_CALLERS = 16;
    private static final int ACCEPTANCES = 800;
    private static final int CUSTOMERS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void measure() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            for (boolean sync : List.of(false, true)) {
                out.append(run(sync, round == 0 ? "warm-up" : "measured"));
            }
        }
        System.out.print(out);
        Files.writeString(Path.of("target/h2-sync-cost.txt"), out.toString());
    }

    private String run(boolean sync, String label) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "h2-sync-");
        String url = "jdbc:h2:file:" + dir.toAbsolutePath() + "/policy;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("datasources.default.url", url, "policy.database.h2-sync-each-commit", sync), "test")) {
            String base = server.getURL().toString();
            String partner = "P-" + UUID.randomUUID().toString().substring(0, 8);
            send(base, "PUT", "/api/v1/partners/" + partner, TestTokens.operator(), "{\"name\":\"Contoso\",\"cloud\":\"PUBLIC\",\"program\":\"NON_CSP\"}");
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                String customer = "C-" + i + "-" + partner;
                send(base, "PUT", "/api/v1/customers/" + customer, TestTokens.operator(), "{\"name\":\"Northwind\",\"cloud\":\"PUBLIC\"}");
                customers.add(customer);
            }
            String issued = send(base, "GET", "/api/v1/partners/" + partner + "/relationship-request", TestTokens.partner(partner), null);
            String link = (String) json.readValue(issued, Map.class).get("link");

            String links = load(LINK_CALLERS, LINKS, i -> send(base, "GET", "/api/v1/partners/" + partner + "/relationship-request",
                    TestTokens.partner(partner), null));
            String acceptances = load(CUSTOMERS, ACCEPTANCES, i -> {
                String customer = customers.get(i % CUSTOMERS);
                return send(base, "POST", "/api/v1/customers/" + customer + "/relationship-acceptances", TestTokens.customerAdmin(customer),
                        "{\"link\":\"" + link + "\",\"services\":[\"AZURE\"]}");
            });
            return String.format(Locale.ROOT, "%s, h2-sync-each-commit=%s%n  request links (group commit, %d callers, %d requests): %s%n"
                    + "  acceptances (own transaction, %d customers, %d requests): %s%n", label, sync, LINK_CALLERS, LINKS, links,
                    CUSTOMERS, ACCEPTANCES, acceptances);
        }
    }

    interface Call {
        String call(int i) throws Exception;
    }

    private static String load(int callers, int requests, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                long t = System.nanoTime();
                call.call(n);
                latencies.add(System.nanoTime() - t);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%.0f decisions/s, p50 %.1f ms, p99 %.1f ms", requests / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
    }

    private String send(String base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
