package io.relationshippolicy.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.PageClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compliance team's and operators' console pages open only to their roles: a partner, a customer or an
 * auditor gets a 403 page on every one of them, and a console form posted without its form token is refused and
 * changes neither the directory nor the rules workspace.
 */
@MicronautTest(environments = "test", transactional = false)
class ConsolePagesStayWithTheirRolesTest {

    static final List<String> COMPLIANCE_PAGES = List.of("/compliance/rules", "/compliance/versions", "/compliance/workspace");
    static final List<String> OPERATOR_PAGES = List.of("/operator/directory");
    static final String LIVE = "/compliance/live";

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    PageSessions sessions;

    String partner;
    String customer;
    PageClient browser;

    @BeforeEach
    void world() {
        DirectoryFixture world = new DirectoryFixture(new Api(client));
        partner = world.csp("P-CONSOLE", "Contoso");
        customer = world.customer("C-CONSOLE", "Northwind");
        browser = new PageClient(server.getURL().toString());
    }

    private void signedInAs(String sub, String tenant, String role) {
        browser.cookie(PageSessions.COOKIE, sessions.encode(sessions.start(sub, tenant, Set.of(role), "test")));
    }

    @Test
    void partnersCustomersAndAuditorsAreRefusedEveryConsolePage() {
        String[][] outsiders = {{"ana", partner, Roles.PARTNER}, {"nora", customer, Roles.CUSTOMER_ADMIN},
                {"nick", customer, Roles.CUSTOMER_USER}, {"ada", null, Roles.AUDITOR}};
        for (String[] who : outsiders) {
            signedInAs(who[0], who[1], who[2]);
            for (String path : concat(COMPLIANCE_PAGES, OPERATOR_PAGES, List.of(LIVE, "/compliance/versions/diff?from=a&to=b"))) {
                PageClient.Page page = browser.get(path);
                assertEquals(403, page.status(), who[2] + " on " + path);
                assertTrue(page.header("Content-Type").startsWith("text/html"), "a refusal is a page");
            }
        }
    }

    @Test
    void theComplianceTeamAndOperatorsReachTheirOwnPagesOnly() {
        signedInAs("carl", null, Roles.COMPLIANCE);
        for (String path : concat(COMPLIANCE_PAGES, List.of(LIVE))) {
            assertEquals(200, browser.get(path).status(), "compliance on " + path);
        }
        assertEquals(403, browser.get("/operator/directory").status());

        signedInAs("olga", null, Roles.OPERATOR);
        for (String path : concat(OPERATOR_PAGES, List.of(LIVE))) {
            assertEquals(200, browser.get(path).status(), "operator on " + path);
        }
        assertEquals(403, browser.get("/compliance/rules").status());
    }

    @Test
    void aDirectoryFormWithoutItsTokenIsRefusedAndChangesNothing() {
        signedInAs("olga", null, Roles.OPERATOR);
        PageClient.Page form = browser.get("/operator/directory");
        String token = form.field(FormTokens.FIELD);
        assertNotNull(token);

        Map<String, String> partnerForm = Map.of("id", "P-FORGED", "name", "Forged", "cloud", "PUBLIC", "program", "CSP");
        assertEquals(403, browser.post("/operator/directory/partners", partnerForm).status());
        assertEquals(403, browser.post("/operator/directory/partners", with(partnerForm, FormTokens.FIELD, token),
                "Origin", "https://attacker.example").status());
        assertFalse(browser.get("/operator/directory").body().contains("P-FORGED"), "no partner was created");

        PageClient.Page saved = browser.post("/operator/directory/partners", with(partnerForm, FormTokens.FIELD, token));
        assertEquals(200, saved.status(), saved.body());
        assertTrue(browser.get("/operator/directory").body().contains("data-partner=\"P-FORGED\""), "with its token, the partner is saved");
    }

    @Test
    void aWorkspaceFormWithoutItsTokenIsRefusedAndChangesNothing() {
        signedInAs("carl", null, Roles.COMPLIANCE);
        String file = "relationships/removal/removal.drl";
        assertEquals(200, browser.get("/compliance/workspace?file=" + file).status());

        Map<String, String> edit = Map.of("file", file, "text", "forged");
        assertEquals(403, browser.post("/compliance/workspace/save", edit).status());
        assertEquals(403, browser.post("/compliance/workspace/activate", Map.of("version", "sha256:x")).status());
        PageClient.Page workspace = browser.get("/compliance/workspace?file=" + file);
        assertFalse(workspace.body().contains("data-state=\"changed\""), "the candidate is unchanged");
        assertFalse(workspace.body().contains(">forged</textarea>"));
    }

    @Test
    void anUploadedFileJoinsTheCandidateOnlyWithItsToken() throws Exception {
        PageSession carl = sessions.start("carl-uploads", null, Set.of(Roles.COMPLIANCE), "test");
        browser.cookie(PageSessions.COOKIE, sessions.encode(carl));
        String path = "relationships/link/uploaded.drl";

        assertEquals(403, upload(carl, null, path).statusCode());
        assertFalse(browser.get("/compliance/workspace").body().contains(path), "refused: the candidate is unchanged");

        java.net.http.HttpResponse<String> accepted = upload(carl, carl.formToken(), path);
        assertEquals(303, accepted.statusCode(), accepted.body());
        PageClient.Page workspace = browser.get("/compliance/workspace?file=" + path);
        assertTrue(workspace.body().contains("data-file=\"" + path + "\" data-state=\"added\""), "the upload is in the candidate");
        assertTrue(workspace.body().contains("package relationships.link;"), "and its text is shown");
    }

    private java.net.http.HttpResponse<String> upload(PageSession session, String token, String path) throws Exception {
        String boundary = "console-test-boundary";
        StringBuilder body = new StringBuilder();
        if (token != null) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n").append(token).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n").append(path).append("\r\n");
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"uploaded.drl\"\r\n")
                .append("Content-Type: text/plain\r\n\r\npackage relationships.link;\n\r\n");
        body.append("--").append(boundary).append("--\r\n");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.getURL() + "/compliance/workspace/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", PageSessions.COOKIE + "=" + sessions.encode(session))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static Map<String, String> with(Map<String, String> form, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(form);
        all.put(key, value);
        return all;
    }
}
