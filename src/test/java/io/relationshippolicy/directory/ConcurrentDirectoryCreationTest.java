package io.relationshippolicy.directory;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.relationshippolicy.support.TestTokens.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Operators creating the same new partner, customer or subscription at the same moment all succeed. */
@MicronautTest(environments = "test", transactional = false)
class ConcurrentDirectoryCreationTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void concurrentCreatesOfOneNewIdAllSucceedAndLeaveOneRow() throws Exception {
        Api api = new Api(client);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
                List<Integer> partners = race(pool, 6, () -> api.put("/api/v1/partners/P-" + id,
                        Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "CSP"), operator()).status());
                List<Integer> customers = race(pool, 6, () -> api.put("/api/v1/customers/C-" + id,
                        Map.of("name", "Northwind", "cloud", "PUBLIC"), operator()).status());
                List<Integer> subscriptions = race(pool, 6, () -> api.put("/api/v1/customers/C-" + id + "/subscriptions/S-1",
                        Map.of("service", "AZURE", "resellerOfRecord", "P-" + id), operator()).status());
                assertEquals(List.of(200, 200, 200, 200, 200, 200), partners, "round " + round);
                assertEquals(List.of(200, 200, 200, 200, 200, 200), customers, "round " + round);
                assertEquals(List.of(200, 200, 200, 200, 200, 200), subscriptions, "round " + round);
                assertEquals("P-" + id, api.get("/api/v1/customers/C-" + id + "/subscriptions/S-1", operator()).get("resellerOfRecord"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> race(ExecutorService pool, int callers, java.util.concurrent.Callable<Integer> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : futures) {
            statuses.add(f.get());
        }
        return statuses;
    }
}
