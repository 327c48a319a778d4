package io.relationshippolicy.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.security.Roles;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console is for auditors only: a partner's or a customer's session is refused every console route with the
 * 403 page, before anything is read; a request without a session is sent to sign in; a filter the API refuses is
 * refused by the console with the same explanation and status.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.data-dir", value = "target/test-data/console-access")
class AuditorConsoleAccessTest {

    static final String SOME_DECISION = "00000000-0000-4000-8000-000000000000";
    static final List<String> GET_ROUTES = List.of("/console", "/console/decisions", "/console/decisions?kind=ACCEPTANCE",
            "/console/decisions/export?format=csv", "/console/decisions/" + SOME_DECISION, "/console/decisions/" + SOME_DECISION + "/replay",
            "/console/customers/C-NORTHWIND/timeline", "/console/partners/P-CONTOSO/timeline", "/console/verification",
            "/console/verification/checkpoints", "/console/verification/public-key");

    @Inject
    EmbeddedServer server;

    @Inject
    PageSessions sessions;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void partnersAndCustomersAreRefusedEveryConsoleRouteWithTheErrorPage() throws Exception {
        List<PageSession> others = List.of(
                sessions.start("ana@contoso.example", "P-CONTOSO", Set.of(Roles.PARTNER), "demo"),
                sessions.start("nora.admin@northwind.example", "C-NORTHWIND", Set.of(Roles.CUSTOMER_ADMIN), "demo"),
                sessions.start("nick.user@northwind.example", "C-NORTHWIND", Set.of(Roles.CUSTOMER_USER), "demo"));
        for (PageSession session : others) {
            for (String route : GET_ROUTES) {
                HttpResponse<String> answer = send(get(route), session);
                assertEquals(403, answer.statusCode(), session.sortedRoles() + " GET " + route);
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), route);
                assertTrue(answer.body().contains("Not allowed"), route + ": " + answer.body());
            }
            HttpResponse<String> verify = send(post("/console/verification", FormTokens.FIELD + "=" + session.formToken()), session);
            assertEquals(403, verify.statusCode(), session.sortedRoles() + " POST /console/verification");
        }
    }

    @Test
    void withoutASessionTheConsoleAsksToSignIn() throws Exception {
        for (String route : GET_ROUTES) {
            HttpResponse<String> answer = send(get(route), null);
            assertEquals(303, answer.statusCode(), route);
            String location = answer.headers().firstValue("Location").orElse("");
            assertTrue(location.startsWith("/sign-in?return="), route + " -> " + location);
        }
        HttpResponse<String> verify = send(post("/console/verification", FormTokens.FIELD + "=x"), null);
        assertEquals(303, verify.statusCode());
        assertTrue(verify.headers().firstValue("Location").orElse("").startsWith("/sign-in"));
    }

    @Test
    void anAuditorGetsTheApisExplanationForABadFilterAndCannotVerifyWithoutTheFormToken() throws Exception {
        PageSession auditor = sessions.start("ada@audit.example", null, Set.of(Roles.AUDITOR), "demo");
        HttpResponse<String> bad = send(get("/console/decisions?kind=SOMETHING"), auditor);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("id=\"filter-problem\""), bad.body());
        assertTrue(bad.body().contains("kind"), bad.body());
        HttpResponse<String> badCursor = send(get("/console/decisions?cursor=nonsense"), auditor);
        assertEquals(400, badCursor.statusCode());
        assertTrue(badCursor.body().contains("is not one this service issued"), badCursor.body());
        HttpResponse<String> badFormat = send(get("/console/decisions/export?format=xml"), auditor);
        assertEquals(400, badFormat.statusCode());
        assertTrue(badFormat.body().contains("must be &#39;ndjson&#39; or &#39;csv&#39;"), badFormat.body());
        assertEquals(404, send(get("/console/decisions/" + SOME_DECISION), auditor).statusCode());
        assertEquals(403, send(post("/console/verification", FormTokens.FIELD + "=forged"), auditor).statusCode());
        assertEquals(200, send(post("/console/verification", FormTokens.FIELD + "=" + auditor.formToken()), auditor).statusCode());
    }

    @Test
    void everyWordOfTheConsoleIsThereInTheThreeLanguages() throws Exception {
        PageSession auditor = sessions.start("ada@audit.example", null, Set.of(Roles.AUDITOR), "demo");
        for (String lang : PageLocaleResolver.TAGS) {
            for (String route : List.of("/console/decisions?", "/console/decisions?from=soon&", "/console/verification?",
                    "/console/customers/C-NORTHWIND/timeline?")) {
                HttpResponse<String> page = send(get(route + "lang=" + lang), auditor);
                assertTrue(page.body().contains("<html lang=\"" + lang + "\""), route + lang);
                assertFalse(page.body().contains("??"), route + lang + " names a word no bundle holds: " + page.body());
            }
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET();
    }

    private HttpRequest.Builder post(String path, String form) {
        return HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, PageSession session) throws IOException, InterruptedException {
        if (session != null) {
            request.header("Cookie", PageSessions.COOKIE + "=" + sessions.encode(session));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
