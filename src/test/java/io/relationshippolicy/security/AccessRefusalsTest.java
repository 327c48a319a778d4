package io.relationshippolicy.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DatabaseSnapshot;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access-control refusals are counted per status and route and written to the service log, never to the decision log. */
@MicronautTest(environments = "test", transactional = false)
class AccessRefusalsTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    MeterRegistry meters;

    @Inject
    Database database;

    @Inject
    DecisionJournal journal;

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessRefusals.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level level;

    @BeforeEach
    void captureTheServiceLog() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(level);
    }

    private double count(String status, String route) {
        Counter counter = meters.find(AccessRefusals.METER).tag("status", status).tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyRefusalIsCountedAndLoggedButNotLoggedAsADecision() {
        Api api = new Api(client);
        String partnerRoute = "GET /api/v1/partners/{partnerId}";
        String linkRoute = "GET /api/v1/partners/{partnerId}/relationship-request";
        assertEquals(200, api.put("/api/v1/partners/P-refusals", Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "CSP"), operator()).status());
        double noToken = count("401", partnerRoute);
        double wrongRole = count("403", partnerRoute);
        double wrongTenant = count("403", linkRoute);
        Map<String, String> before = DatabaseSnapshot.take(database, journal);

        assertEquals(401, api.get("/api/v1/partners/P-refusals", null).status());
        assertEquals(403, api.get("/api/v1/partners/P-refusals", auditor()).status());
        assertEquals(403, api.get("/api/v1/partners/P-refusals/relationship-request", partner("P-intruder")).status());
        assertEquals(200, api.get("/api/v1/partners/P-refusals", operator()).status());
        var answer = client.toBlocking().exchange(io.micronaut.http.HttpRequest.GET("/api/v1/partners/P-refusals").bearerAuth(operator()), String.class);
        assertEquals("no-store", answer.getHeaders().get("Cache-Control"), "tenant data is never cached");
        assertEquals("nosniff", answer.getHeaders().get("X-Content-Type-Options"));
        assertEquals(404, api.get("/api/v1/partners/P-nobody", operator()).status());

        assertEquals(noToken + 1, count("401", partnerRoute));
        assertEquals(wrongRole + 1, count("403", partnerRoute));
        assertEquals(wrongTenant + 1, count("403", linkRoute), "the controller's tenant check is counted too");
        assertEquals(before, DatabaseSnapshot.take(database, journal), "no decision-log entry, no change");

        List<String> logged = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, logged.size(), "one line per refusal, none for the answers that went through: " + logged);
        assertTrue(logged.get(0).startsWith("Access refused 401 " + partnerRoute), logged.get(0));
        assertTrue(logged.get(1).contains("403") && logged.get(1).contains("sub=auditor-user") && logged.get(1).contains("[AUDITOR]"), logged.get(1));
        assertTrue(logged.get(2).contains("tenant=P-intruder") && logged.get(2).contains("This route is for partner 'P-refusals' only"), logged.get(2));
    }
}
