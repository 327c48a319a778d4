package io.relationshippolicy.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.PageClient;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Partner relationships page removes DAP from one partner for every service, or from every partner at once
 * (C10); the confirmation names the scope, and afterwards the relationships and transacting roles remain (C11).
 */
@MicronautTest(environments = "test", transactional = false)
class RemovalScopesOnPagesTest {

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    PageSessions sessions;

    Api api;
    String contoso;
    String tailspin;
    String customer;
    PageClient browser;

    @BeforeEach
    void world() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        contoso = world.csp("P-SCOPE", "Contoso");
        tailspin = world.advisor("P-SCOPE-ADV", "Tailspin");
        customer = world.customer("C-SCOPE", "Northwind");
        world.accepted(customer, contoso, "AZURE", "INTUNE");
        world.accepted(customer, tailspin, "MICROSOFT_365");
        browser = new PageClient(server.getURL().toString());
        browser.cookie(PageSessions.COOKIE, sessions.encode(sessions.start("nora", customer, Set.of(Roles.CUSTOMER_ADMIN), "test")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Boolean> delegatedAdmin() {
        Map<String, Boolean> held = new java.util.TreeMap<>();
        for (Object p : api.get("/api/v1/customers/" + customer + "/partner-relationships", TestTokens.customerAdmin(customer)).list()) {
            Map<String, Object> partner = (Map<String, Object>) p;
            assertEquals("ACTIVE", partner.get("state"), "the relationship survives (C11)");
            for (Object s : (List<Object>) partner.get("services")) {
                Map<String, Object> service = (Map<String, Object>) s;
                held.put(partner.get("partnerId") + "/" + service.get("service"), (Boolean) service.get("delegatedAdmin"));
            }
        }
        return held;
    }

    @Test
    void fromOnePartnerForEveryService() {
        PageClient.Page confirm = browser.get("/customer/partner-relationships/remove?partner=" + contoso);
        assertTrue(confirm.body().contains("every delegated admin privilege of Contoso"), "the confirmation names the scope");
        PageClient.Page removed = browser.post("/customer/partner-relationships/remove",
                Map.of("partner", contoso, "service", "", FormTokens.FIELD, confirm.field(FormTokens.FIELD)));
        assertEquals(200, removed.status(), removed.body());
        assertTrue(removed.body().contains("data-outcome=\"ALLOW\""));
        assertTrue(removed.body().contains("data-code=\"SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST\""), "a CSP partner's obligations survive (C13)");
        assertTrue(removed.body().contains("<h3>Obligations that apply</h3>"));
        assertTrue(!removed.body().contains("<h3>Reasons</h3>"), "an allowed removal lists no reasons, not even an empty heading");
        assertEquals(Map.of(contoso + "/AZURE", false, contoso + "/INTUNE", false, tailspin + "/MICROSOFT_365", true), delegatedAdmin());
    }

    @Test
    void fromEveryPartnerAtOnce() {
        PageClient.Page confirm = browser.get("/customer/partner-relationships/remove");
        assertTrue(confirm.body().contains("of every partner"), "the confirmation names the scope");
        PageClient.Page removed = browser.post("/customer/partner-relationships/remove",
                Map.of("partner", "", "service", "", FormTokens.FIELD, confirm.field(FormTokens.FIELD)));
        assertEquals(200, removed.status(), removed.body());
        assertTrue(removed.body().contains("data-outcome=\"ALLOW\""));
        assertTrue(delegatedAdmin().values().stream().noneMatch(Boolean::booleanValue), "no partner holds DAP any more");
    }

    @Test
    void aServiceWithoutAPartnerIsExplained() {
        PageClient.Page page = browser.get("/customer/partner-relationships/remove?service=AZURE");
        assertEquals(400, page.status());
        assertTrue(page.body().contains("name the partner too"), page.body());
    }
}
