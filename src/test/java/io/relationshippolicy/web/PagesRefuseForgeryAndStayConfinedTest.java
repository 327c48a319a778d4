package io.relationshippolicy.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.PageClient;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages' defences, over plain HTTP: every state-changing form needs its form token and this service as its
 * origin, a forged or expired session is nobody, a page session never opens the API, sign-in never sends anyone
 * to another site, demo identities are not offered once tokens are signed with a configured secret, and every
 * page carries its security headers. A refused form changes nothing and logs no decision.
 */
@MicronautTest(environments = "test", transactional = false)
class PagesRefuseForgeryAndStayConfinedTest {

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    PageSessions sessions;

    @Inject
    Database database;

    DirectoryFixture world;
    String partner;
    String customer;
    PageClient browser;

    @BeforeEach
    void world() {
        world = new DirectoryFixture(new Api(client));
        partner = world.csp("P-PAGES", "Contoso");
        customer = world.customer("C-PAGES", "Northwind");
        world.accepted(customer, partner, "AZURE");
        browser = new PageClient(server.getURL().toString());
    }

    private void signedInAs(String sub, String tenant, String role) {
        browser.cookie(PageSessions.COOKIE, sessions.encode(sessions.start(sub, tenant, Set.of(role), "test")));
    }

    private long entries() {
        return database.read(c -> {
            try (ResultSet rs = c.prepareStatement("select count(*) from decision_log").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private String removalForm() {
        PageClient.Page confirm = browser.get("/customer/partner-relationships/remove?partner=" + partner + "&service=AZURE");
        assertEquals(200, confirm.status(), confirm.body());
        return confirm.field(FormTokens.FIELD);
    }

    @Test
    void aRemovalWithoutTheFormTokenIsRefusedAndChangesNothing() {
        signedInAs("nora", customer, Roles.CUSTOMER_ADMIN);
        String token = removalForm();
        assertNotNull(token);
        long before = entries();

        PageClient.Page missing = browser.post("/customer/partner-relationships/remove", Map.of("partner", partner, "service", "AZURE"));
        PageClient.Page wrong = browser.post("/customer/partner-relationships/remove",
                Map.of("partner", partner, "service", "AZURE", FormTokens.FIELD, token + "x"));
        PageClient.Page foreign = browser.post("/customer/partner-relationships/remove",
                Map.of("partner", partner, "service", "AZURE", FormTokens.FIELD, token), "Origin", "https://attacker.example");

        for (PageClient.Page refused : new PageClient.Page[] {missing, wrong, foreign}) {
            assertEquals(403, refused.status());
        }
        assertTrue(missing.header("Content-Type").startsWith("text/html"), "a refusal is a page");
        assertTrue(missing.body().contains("Reload the page and send the form again"), "the page says what to do");
        assertEquals(before, entries(), "no decision was taken");
        assertTrue(browser.get("/customer/partner-relationships").body().contains("data-value=\"true\""), "DAP is still held");

        PageClient.Page accepted = browser.post("/customer/partner-relationships/remove",
                Map.of("partner", partner, "service", "AZURE", FormTokens.FIELD, token), "Origin", server.getURL().toString());
        assertEquals(200, accepted.status(), accepted.body());
        assertEquals(before + 1, entries(), "with its token, the removal is one decision");
    }

    @Test
    void anotherSessionsFormTokenIsRefused() {
        signedInAs("nora", customer, Roles.CUSTOMER_ADMIN);
        String noras = removalForm();
        signedInAs("nora", customer, Roles.CUSTOMER_ADMIN);
        PageClient.Page refused = browser.post("/customer/partner-relationships/remove", Map.of("partner", partner, FormTokens.FIELD, noras));
        assertEquals(403, refused.status(), "a form token belongs to the session that showed the form");
    }

    @Test
    void aForgedOrExpiredSessionIsNobody() {
        String valid = sessions.encode(sessions.start("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), "test"));
        String forged = sessions.encode(sessions.start("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), "test"))
                .replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("v1\nmallory\n" + customer + "\nCUSTOMER_ADMIN\n9999999999\ntoken\ntest").getBytes()));
        String expired = sessions.encode(new PageSession("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), Instant.now().minusSeconds(1), "t", "test"));

        browser.cookie(PageSessions.COOKIE, valid);
        assertEquals(200, browser.get("/customer/partner-relationships").status());
        for (String session : new String[] {forged, expired, "garbage", valid + "x"}) {
            browser.cookie(PageSessions.COOKIE, session);
            PageClient.Page page = browser.get("/customer/partner-relationships");
            assertEquals(303, page.status(), session);
            assertEquals("/sign-in?return=%2Fcustomer%2Fpartner-relationships", page.header("Location"));
        }
    }

    @Test
    void aPageSessionNeverOpensTheApi() {
        signedInAs("nora", customer, Roles.CUSTOMER_ADMIN);
        PageClient.Page api = browser.get("/api/v1/customers/" + customer + "/partner-relationships", "Accept", "application/json");
        assertEquals(401, api.status(), "the API takes bearer tokens only");
    }

    @Test
    void eachPageIsForItsOwnRolesAndTenant() {
        signedInAs("ana", partner, Roles.PARTNER);
        PageClient.Page customerPage = browser.get("/customer/partner-relationships");
        assertEquals(403, customerPage.status());
        assertTrue(customerPage.body().contains("CUSTOMER_ADMIN"), "the refusal says which roles the page is for");
        assertEquals(200, browser.get("/partner/customers").status());
        assertTrue(browser.get("/partner/customers").body().contains("data-customer=\"" + customer + "\""), "its own customer list");

        signedInAs("nora", customer, Roles.CUSTOMER_USER);
        assertEquals(403, browser.get("/partner/customers").status());
        signedInAs("staff", null, Roles.OPERATOR);
        assertEquals(403, browser.get("/customer/partner-relationships").status());
    }

    @Test
    void signInOnlyReturnsToPagesOfThisService() {
        for (String target : new String[] {"//attacker.example/x", "https://attacker.example", "/\\attacker.example", "javascript:alert(1)"}) {
            PageClient.Page page = browser.get("/sign-in?return=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, page.status());
            assertFalse(page.body().contains("attacker.example") && page.body().contains("name=\"return\" value=\"" + target),
                    "the sign-in page does not keep " + target);
        }
        assertEquals("/", PageSecurity.localPath("//attacker.example"));
        assertEquals("/relationship-requests/accept?partner=P&key=k&sig=s", PageSecurity.localPath("/relationship-requests/accept?partner=P&key=k&sig=s"));
    }

    @Test
    void noDemoIdentityIsOfferedOnceTokensAreSignedWithAConfiguredSecret() {
        PageClient.Page signIn = browser.get("/sign-in");
        assertFalse(signIn.body().contains("data-sub="), "no demo identity on the page");
        String token = browser.cookie(FormTokens.ANONYMOUS_COOKIE);
        PageClient.Page demo = browser.post("/sign-in/demo", Map.of("sub", "ana@contoso.example", FormTokens.FIELD, token));
        assertEquals(404, demo.status());
        assertNull(browser.cookie(PageSessions.COOKIE), "nobody is signed in");
    }

    @Test
    void everyPageCarriesItsSecurityHeadersAndSpeaksTheBrowsersLanguage() {
        PageClient.Page home = browser.get("/", "Accept-Language", "fr-CA,fr;q=0.9");
        assertEquals(PageResponses.CONTENT_SECURITY_POLICY, home.header("Content-Security-Policy"));
        assertTrue(home.header("Content-Security-Policy").contains("script-src 'self'") && !home.header("Content-Security-Policy").contains("unsafe"));
        assertEquals("DENY", home.header("X-Frame-Options"));
        assertEquals("nosniff", home.header("X-Content-Type-Options"));
        assertEquals("same-origin", home.header("Referrer-Policy"));
        assertEquals("no-store", home.header("Cache-Control"));
        assertTrue(home.body().contains("<html lang=\"fr\""), "the page follows Accept-Language");
        PageClient.Page chosen = browser.get("/?lang=pt-BR", "Accept-Language", "fr");
        assertTrue(chosen.body().contains("<html lang=\"pt-BR\""));
        assertTrue(browser.get("/sign-in", "Accept-Language", "fr").body().contains("<html lang=\"pt-BR\""), "the switcher's choice is remembered");
        PageClient.Page missing = browser.get("/no-such-page");
        assertEquals(404, missing.status());
        assertTrue(missing.header("Content-Type").startsWith("text/html"));
    }

    @Test
    void sessionCookiesAreHttpOnlySameSiteAndSecureBehindHttps() {
        var request = io.micronaut.http.HttpRequest.GET("/").header("X-Forwarded-Proto", "https");
        var response = io.micronaut.http.HttpResponse.ok();
        sessions.write(sessions.start("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), "test"), request, response);
        String cookie = String.join(";", response.getHeaders().getAll("Set-Cookie"));
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("Secure"), cookie);
        var plain = io.micronaut.http.HttpResponse.ok();
        sessions.write(sessions.start("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), "test"), io.micronaut.http.HttpRequest.GET("/"), plain);
        assertFalse(String.join(";", plain.getHeaders().getAll("Set-Cookie")).contains("Secure"), "plain HTTP in development");
    }
}
