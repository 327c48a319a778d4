package io.relationshippolicy.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.Browser;
import io.relationshippolicy.support.DirectoryFixture;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production sign-in, end to end against a real OpenID Connect provider started by the test: the customer's
 * administrator opens a request link, signs in with the organisation account (authorization code with PKCE),
 * comes back to the link's page and accepts. No demo identity is offered once tokens are signed with a configured
 * secret; an account without a role is refused with an explanation; the provider's ID tokens are no API credentials.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInBrowserTest implements TestPropertyProvider {

    static final String CLIENT_ID = "relationship-policy-pages";

    final MockOAuth2Server provider = startProvider();

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    Browser browser;
    DirectoryFixture world;
    Api api;

    private static MockOAuth2Server startProvider() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "micronaut.security.oauth2.clients.oidc.openid.issuer", provider.issuerUrl("corp").toString(),
                "micronaut.security.oauth2.clients.oidc.client-id", CLIENT_ID,
                "micronaut.security.oauth2.clients.oidc.client-secret", "a-client-secret-known-to-the-provider");
    }

    @BeforeEach
    void setUp() {
        api = new Api(client);
        world = new DirectoryFixture(api);
        browser = new Browser(server.getURL().toString(), "en");
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @AfterAll
    void stopProvider() {
        provider.shutdown();
    }

    private void nextSignInIs(String sub, Map<String, Object> claims) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("corp", sub, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    @Test
    void theCustomerSignsInWithTheOrganisationAccountAndAccepts() {
        String partner = world.csp("P-OIDC", "Contoso");
        String customer = world.customer("C-OIDC", "Northwind");
        String link = world.link(partner);

        browser.open(link);
        browser.click("#sign-in-to-accept");
        assertTrue(browser.findAll("button[data-sub]").isEmpty(), "no demo identity is offered while tokens are signed with a configured secret");
        browser.review("20-sign-in-oidc");
        nextSignInIs("nora@northwind.example", Map.of("tenant", customer, "roles", List.of("CUSTOMER_ADMIN")));
        browser.click("#sign-in-oidc");
        assertTrue(browser.path().startsWith("/relationship-requests/accept?partner=" + partner + "&"),
                "after the provider, back on the link's page: " + browser.path());
        assertEquals("Signed in as nora@northwind.example", browser.text(".signed-in"));
        browser.click("#service-AZURE");
        browser.click("#accept");
        assertEquals("ALLOW", browser.find(".decision").getAttribute("data-outcome"));
        assertEquals("AZURE", browser.find("#granted li").getAttribute("data-service"));

        Api.Response relationships = api.get("/api/v1/customers/" + customer + "/partner-relationships",
                io.relationshippolicy.support.TestTokens.customerAdmin(customer));
        assertEquals(partner, relationships.list().isEmpty() ? null : ((Map<?, ?>) relationships.list().get(0)).get("partnerId"));

        browser.signOut();
        assertEquals(1, browser.findAll("#sign-in-link").size(), "signed out");
        assertEquals("/?signed-out", browser.path());
        browser.open("/customer/partner-relationships");
        assertTrue(browser.path().startsWith("/sign-in"), "signed out: the page asks for a sign-in again, " + browser.path());
    }

    @Test
    void anAccountWithoutARoleIsRefusedWithAnExplanation() {
        nextSignInIs("someone@corp.example", Map.of("tenant", "C-ANY"));
        browser.open("/sign-in");
        browser.click("#sign-in-oidc");
        assertTrue(browser.path().startsWith("/sign-in"), browser.path());
        assertTrue(browser.text("#sign-in-error").contains("no role"), browser.text("#sign-in-error"));
        assertFalse(browser.findAll("#sign-in-link").isEmpty(), "nobody is signed in");
        browser.review("21-sign-in-refused");
    }

    @Test
    void theProvidersTokensAreNotApiCredentials() {
        String customer = world.customer("C-TOKEN", "Northwind");
        String idToken = provider.issueToken("corp", "nora@northwind.example", new DefaultOAuth2TokenCallback("corp", "nora@northwind.example",
                "JWT", List.of(CLIENT_ID), Map.of("tenant", customer, "roles", List.of("CUSTOMER_ADMIN")), 3600)).serialize();
        Api.Response answer = api.get("/api/v1/customers/" + customer + "/partner-relationships", idToken);
        assertEquals(401, answer.status(), "a page sign-in token does not open the API");
    }
}
