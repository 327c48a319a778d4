package io.relationshippolicy.relationship;

import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.PostgresServer;
import io.relationshippolicy.support.ServiceInstance;
import io.relationshippolicy.support.TestTokens;
import io.relationshippolicy.system.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Acceptances per second on PostgreSQL (a server of its own, with fsync on as in production) with one and
 * with two instances of the service on the same database: each acceptance is a different customer accepting a CSP partner for one service (the
 * heaviest write: lock, relationship, grant, log entry). Not part of the test suite (the name does not
 * match surefire's patterns); run it with
 * {@code ./mvnw -o test -Dtest=ScaleOutBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.acceptances=N}, {@code -Dbench.concurrency=N}, {@code -Dbench.instances=1,2,1}: the runs, in order; the
 * instances share one JVM, so the last run shows how much of a difference is only the JIT warming up). The figures are appended to
 * target/benchmarks/scale-out.txt; docs/deploy.md quotes them.
 */
class ScaleOutBenchmark {

    static final int ACCEPTANCES = Integer.getInteger("bench.acceptances", 3000);
    static final int WARMUP = Integer.getInteger("bench.warmup", 600);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    @Test
    void acceptancesPerSecondWithOneAndTwoInstances() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + Files.readString(Path.of("/proc/loadavg")).trim() + ", concurrency " + CONCURRENCY);
        EmbeddedPostgres postgres = PostgresServer.start(PostgresServer.dataDirectory("bench"), 0);
        try {
            for (String instances : System.getProperty("bench.instances", "1,2,1").split(",")) {
                lines.add(run(postgres, Integer.parseInt(instances.trim())));
                System.out.println(lines.get(lines.size() - 1));
            }
        } finally {
            postgres.close();
        }
        Path out = Path.of("target", "benchmarks", "scale-out.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String run(EmbeddedPostgres postgres, int instanceCount) throws Exception {
        Map<String, String> database = PostgresServer.datasource(PostgresServer.newDatabase(postgres, "bench"));
        List<ServiceInstance> instances = new ArrayList<>();
        List<String> startups = new ArrayList<>();
        for (int i = 0; i < instanceCount; i++) {
            long starting = System.nanoTime();
            instances.add(ServiceInstance.start(database));
            startups.add(String.format("%.1fs", (System.nanoTime() - starting) / 1e9));
        }
        try {
            String partnerId = "P-BENCH";
            int total = WARMUP + ACCEPTANCES;
            instances.get(0).bean(Database.class).write(c -> {
                DirectoryStore store = instances.get(0).bean(DirectoryStore.class);
                store.upsertPartner(new Partner(partnerId, "Contoso", Cloud.PUBLIC, Program.CSP));
                for (int i = 0; i < total; i++) {
                    store.upsertCustomer(new Customer("C-" + i, "Customer " + i, Cloud.PUBLIC));
                }
                return null;
            });
            String link = instances.get(0).api().get("/api/v1/partners/" + partnerId + "/relationship-request", TestTokens.partner(partnerId)).get("link");
            String[] tokens = new String[total];
            for (int i = 0; i < total; i++) {
                tokens[i] = TestTokens.customerAdmin("C-" + i);
            }
            fire(instances, link, tokens, 0, WARMUP);
            long start = System.nanoTime();
            long[] latencies = fire(instances, link, tokens, WARMUP, total);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            return String.format("instances=%d acceptances=%d seconds=%.2f acceptances/s=%.0f p50=%.1fms p95=%.1fms p99=%.1fms start-up=%s",
                    instanceCount, ACCEPTANCES, seconds, ACCEPTANCES / seconds, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) (latencies.length * 0.95)] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6, startups);
        } finally {
            instances.forEach(ServiceInstance::close);
        }
    }

    /** Acceptances from..to, spread round-robin over the instances, CONCURRENCY at a time; answers each latency. */
    private static long[] fire(List<ServiceInstance> instances, String link, String[] tokens, int from, int to) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        long[] latencies = new long[to - from];
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < CONCURRENCY; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        Api api = instances.get(i % instances.size()).api();
                        long sent = System.nanoTime();
                        Api.Response r = api.post("/api/v1/customers/C-" + i + "/relationship-acceptances",
                                Map.of("link", link, "services", List.of("AZURE")), tokens[i]);
                        latencies[i - from] = System.nanoTime() - sent;
                        assertEquals("ALLOW", r.get("outcome"), r.body().toString());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return latencies;
    }
}
