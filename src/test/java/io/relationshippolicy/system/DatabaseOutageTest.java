package io.relationshippolicy.system;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.PostgresServer;
import io.relationshippolicy.support.ServiceInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away and comes back: the PostgreSQL server is stopped and started again on the same
 * data directory and port. Meanwhile the service answers 503 problem+json with Retry-After, /health
 * says the database is DOWN, nothing changes; afterwards it serves again without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    Path dataDirectory;
    EmbeddedPostgres postgres;
    ServiceInstance service;
    HttpClient client;
    Api api;

    @BeforeAll
    void start() {
        dataDirectory = PostgresServer.dataDirectory("outage");
        postgres = PostgresServer.start(dataDirectory, 0);
        Map<String, Object> properties = new HashMap<>(PostgresServer.datasource(PostgresServer.newDatabase(postgres, "outage")));
        properties.put("datasources.default.connection-timeout", 1000);
        properties.put("datasources.default.validation-timeout", 500);
        service = ServiceInstance.start(properties);
        client = service.client();
        api = service.api();
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void answers503WhileTheDatabaseIsDownChangesNothingAndRecoversByItself() throws Exception {
        DirectoryFixture world = new DirectoryFixture(api);
        String csp = world.csp("P-OUT", "Contoso");
        String customer = world.customer("C-OUT", "Northwind");
        String link = world.link(csp);
        assertEquals(200, api.get("/health", null).status());
        long decisionsBefore = decisions();
        int port = postgres.getPort();

        postgres.close();
        postgres = null;

        String key = "outage-" + UUID.randomUUID();
        for (Api.Response refused : List.of(
                acceptance(customer, link, key),
                acceptance(customer, link, null),
                api.delete("/api/v1/customers/" + customer + "/delegated-admin", customerAdmin(customer)),
                api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer)),
                api.put("/api/v1/partners/" + csp, Map.of("name", "Renamed", "cloud", "PUBLIC", "program", "CSP"), operator()))) {
            assertEquals(503, refused.status(), refused.body().toString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            assertEquals("Database unavailable", refused.get("title"));
            assertTrue(((String) refused.get("detail")).contains("Retry after"));
        }
        HttpClientResponseException retryAfter = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.GET("/api/v1/customers/" + customer).bearerAuth(operator()), String.class));
        assertEquals(503, retryAfter.code());
        assertEquals("5", retryAfter.getResponse().header(HttpHeaders.RETRY_AFTER));

        Api.Response health = api.get("/health", null);
        assertEquals(503, health.status());
        assertEquals("DOWN", health.get("status"));
        assertEquals("DOWN", component(health, "jdbc"));
        assertEquals("UP", component(health, "rules"));
        assertEquals(503, api.get("/health/readiness", null).status(), "out of the load balancer while the database is away");
        assertEquals(200, api.get("/health/liveness", null).status(), "but alive: restarting would not help");

        postgres = PostgresServer.start(dataDirectory, port);
        eventually(Duration.ofSeconds(30), "/health to be UP again without restarting the service",
                () -> api.get("/health", null).status(), status -> status == 200);

        assertEquals(decisionsBefore, decisions(), "nothing was logged during the outage");
        assertEquals("Contoso", api.get("/api/v1/partners/" + csp, operator()).get("name"), "nothing was changed during the outage");
        Api.Response accepted = acceptance(customer, link, key);
        assertEquals(200, accepted.status(), accepted.body().toString());
        assertEquals("ALLOW", accepted.get("outcome"), "the key was not spent by the refused attempt");
        assertEquals(decisionsBefore + 1, decisions());
    }

    private Api.Response acceptance(String customer, String link, String key) {
        MutableHttpRequest<?> request = HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE")));
        return api.send(key == null ? request : request.header(Idempotency.HEADER, key), customerAdmin(customer));
    }

    @SuppressWarnings("unchecked")
    private static String component(Api.Response health, String name) {
        Map<String, Object> details = health.get("details");
        return (String) ((Map<String, Object>) details.get(name)).get("status");
    }

    private long decisions() {
        service.bean(DecisionJournal.class).awaitIndexed();
        return service.bean(Database.class).read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_log"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
