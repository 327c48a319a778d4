package io.relationshippolicy.relationship;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relationshippolicy.system.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.customerUser;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every lifecycle route of the HTTP contract, through real HTTP, on H2, with the rules of rules/. */
@MicronautTest(environments = "test", transactional = false)
class RelationshipLifecycleContractTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    Api api;
    DirectoryFixture world;
    String csp;
    String otherCsp;
    String advisor;
    String customer;
    String germanCustomer;

    @BeforeEach
    void directory() {
        api = new Api(client);
        world = new DirectoryFixture(api);
        csp = world.csp("P-CSP", "Contoso");
        otherCsp = world.csp("P-CSP2", "Fabrikam");
        advisor = world.advisor("P-ADV", "Tailspin");
        customer = world.customer("C", "Northwind");
        germanCustomer = world.customer("C-DE", "Munich", "GERMANY");
    }

    private String link(String partnerId) {
        return world.link(partnerId);
    }

    private Api.Response accept(String customerId, String token, String link, String... services) {
        return api.post("/api/v1/customers/" + customerId + "/relationship-acceptances", Map.of("link", link, "services", List.of(services)), token);
    }

    @Test
    void requestLinkIsSignedTheSameOnEveryCallAndNamesThePartnerOnly() {
        Api.Response first = api.get("/api/v1/partners/" + csp + "/relationship-request", partner(csp));
        Api.Response second = api.get("/api/v1/partners/" + csp + "/relationship-request", partner(csp));
        assertEquals(200, first.status());
        assertEquals("LINK_ISSUED", first.get("kind"));
        assertEquals("ALLOW", first.get("outcome"));
        assertNotNull(first.get("decisionId"));
        assertTrue(((String) first.get("rulesVersion")).startsWith("sha256:"));
        String link = first.get("link");
        assertEquals(link, second.get("link"), "C5: the same link on every call");
        assertTrue(link.contains(csp), "the link names the partner");
        assertFalse(link.contains(customer), "C5: no customer information");
        Map<String, Object> email = first.get("email");
        assertEquals(List.of(0, 1), email.get("editableParagraphs"));
        @SuppressWarnings("unchecked") List<String> paragraphs = (List<String>) email.get("paragraphs");
        assertTrue(paragraphs.get(2).contains(link), "the link sits in a paragraph that is not editable");
        assertFalse(paragraphs.get(0).contains(link) || paragraphs.get(1).contains(link));
        assertNotEquals(link, link(otherCsp), "links are specific to the partner's account");
    }

    @Test
    void emailCheckAllowsEditedParagraphsButNotAnAlteredLink() {
        String link = link(csp);
        Api.Response edited = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check",
                Map.of("body", "Hi Ana, as discussed on the phone.\n\nTo accept, open this link and sign in with an administrator account: " + link + "\n"), partner(csp));
        assertEquals(200, edited.status());
        assertEquals("EMAIL_CHECK", edited.get("kind"));
        assertEquals("ALLOW", edited.get("outcome"));

        Api.Response altered = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check",
                Map.of("body", "Please accept: " + link.replace("partner=" + csp, "partner=" + otherCsp)), partner(csp));
        assertEquals("DENY", altered.get("outcome"));
        assertEquals(List.of("LINK_ALTERED"), altered.codes("reasons"));
        assertEquals("C4", altered.items("reasons").get(0).get("clause"));

        Api.Response truncated = api.post("/api/v1/partners/" + csp + "/relationship-request/email-check",
                Map.of("body", "Please accept: " + link.substring(0, link.length() - 3)), partner(csp));
        assertEquals("DENY", truncated.get("outcome"));
    }

    @Test
    void cspPartnerGetsDelegatedAdminAndTransactingAndTheCustomerJoinsItsList() {
        Api.Response r = accept(customer, customerAdmin(customer), link(csp), "MICROSOFT_365", "AZURE");
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("ACCEPTANCE", r.get("kind"));
        assertEquals("ALLOW", r.get("outcome"));
        assertEquals(csp, r.get("partnerId"));
        assertEquals(List.of("MICROSOFT_365", "AZURE"), r.get("grantedServices"));
        assertEquals(List.of(), r.get("deniedServices"));

        Api.Response list = api.get("/api/v1/partners/" + csp + "/customers", partner(csp));
        assertEquals(200, list.status());
        assertEquals(1, list.list().size());
        @SuppressWarnings("unchecked") Map<String, Object> entry = (Map<String, Object>) list.list().get(0);
        assertEquals(customer, entry.get("customerId"));
        assertEquals("Northwind", entry.get("customerName"));
        assertEquals("ACTIVE", entry.get("state"));

        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerUser(customer));
        assertEquals(200, page.status());
        @SuppressWarnings("unchecked") Map<String, Object> rel = (Map<String, Object>) page.list().get(0);
        assertEquals(csp, rel.get("partnerId"));
        assertEquals("CSP", rel.get("program"));
        assertEquals(List.of(Map.of("service", "AZURE", "delegatedAdmin", true, "transacting", true),
                Map.of("service", "MICROSOFT_365", "delegatedAdmin", true, "transacting", true)), rel.get("services"));
    }

    @Test
    void secondCspPartnerIsDeniedPerServiceWhileANonCspPartnerIsNotLimited() {
        accept(customer, customerAdmin(customer), link(csp), "MICROSOFT_365");
        Api.Response second = accept(customer, customerAdmin(customer), link(otherCsp), "MICROSOFT_365", "AZURE");
        assertEquals("ALLOW", second.get("outcome"), "AZURE is still free");
        assertEquals(List.of("AZURE"), second.get("grantedServices"));
        List<Map<String, Object>> denied = second.items("deniedServices");
        assertEquals("MICROSOFT_365", denied.get(0).get("service"));
        @SuppressWarnings("unchecked") List<Map<String, Object>> reasons = (List<Map<String, Object>>) denied.get(0).get("reasons");
        assertEquals("ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE", reasons.get(0).get("code"));
        assertEquals("C8", reasons.get(0).get("clause"));
        assertNotNull(reasons.get(0).get("ruleId"));
        assertTrue(second.items("reasons").stream().anyMatch(x -> "MICROSOFT_365".equals(x.get("service"))),
                "reasons list the denied services' reasons too, with their service");

        Api.Response onlyDenied = accept(customer, customerAdmin(customer), link(otherCsp), "MICROSOFT_365");
        assertEquals("DENY", onlyDenied.get("outcome"));

        Api.Response advisorAccepted = accept(customer, customerAdmin(customer), link(advisor), "MICROSOFT_365");
        assertEquals("ALLOW", advisorAccepted.get("outcome"));
        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer));
        Map<String, Object> advisorRow = page.list().stream().map(o -> (Map<String, Object>) o)
                .filter(m -> advisor.equals(m.get("partnerId"))).findFirst().orElseThrow();
        assertEquals(List.of(Map.of("service", "MICROSOFT_365", "delegatedAdmin", true, "transacting", false)), advisorRow.get("services"),
                "a NON_CSP partner holds DAP but never transacts");
    }

    @Test
    void aCustomerUserWhoIsNotAnAdministratorGetsALoggedDenyAndNothingChanges() throws Exception {
        long before = logCount();
        Api.Response r = accept(customer, customerUser(customer), link(csp), "AZURE");
        assertEquals(200, r.status());
        assertEquals("DENY", r.get("outcome"));
        assertEquals(List.of("ACCEPTOR_NOT_CUSTOMER_ADMIN"), r.codes("reasons"));
        assertEquals("C6", r.items("reasons").get(0).get("clause"));
        assertEquals(before + 2, logCount(), "the link issue and the denied acceptance are both logged");
        assertEquals(0, api.get("/api/v1/partners/" + csp + "/customers", partner(csp)).list().size());
    }

    @Test
    void aTamperedLinkIsInvalidAndAnotherCloudIsAMismatch() {
        String link = link(csp);
        Api.Response tampered = accept(customer, customerAdmin(customer), link.replace("partner=" + csp, "partner=" + otherCsp), "AZURE");
        assertEquals("DENY", tampered.get("outcome"));
        assertEquals(List.of("LINK_INVALID"), tampered.codes("reasons"));

        Api.Response garbage = accept(customer, customerAdmin(customer), "not a link", "AZURE");
        assertEquals("DENY", garbage.get("outcome"));
        assertEquals(List.of("LINK_INVALID"), garbage.codes("reasons"));

        Api.Response mismatch = accept(germanCustomer, customerAdmin(germanCustomer), link, "AZURE");
        assertEquals("DENY", mismatch.get("outcome"));
        assertEquals(List.of("CLOUD_MISMATCH"), mismatch.codes("reasons"));
        assertEquals("C15", mismatch.items("reasons").get(0).get("clause"));
    }

    @Test
    void removingDapKeepsTheRelationshipAndTransactingAndCarriesTheSurvivingObligations() {
        accept(customer, customerAdmin(customer), link(csp), "MICROSOFT_365", "AZURE");
        Api.Response removal = api.delete("/api/v1/customers/" + customer + "/partner-relationships/" + csp + "/delegated-admin?service=AZURE",
                customerAdmin(customer));
        assertEquals(200, removal.status(), removal.body().toString());
        assertEquals("DAP_REMOVAL", removal.get("kind"));
        assertEquals("ALLOW", removal.get("outcome"));
        List<String> obligations = removal.codes("obligations");
        assertTrue(obligations.containsAll(List.of("SUPPORT_CUSTOMER", "HONOR_RESELLER_AGREEMENT", "SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), obligations.toString());
        Map<String, Object> c13 = removal.items("obligations").stream().filter(o -> o.get("code").equals("SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")).findFirst().orElseThrow();
        assertEquals("C13", c13.get("clause"));

        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer));
        @SuppressWarnings("unchecked") Map<String, Object> rel = (Map<String, Object>) page.list().get(0);
        assertEquals("ACTIVE", rel.get("state"), "C11: the business relationship still applies");
        assertEquals(List.of(Map.of("service", "AZURE", "delegatedAdmin", false, "transacting", true),
                Map.of("service", "MICROSOFT_365", "delegatedAdmin", true, "transacting", true)), rel.get("services"));
        assertEquals(1, api.get("/api/v1/partners/" + csp + "/customers", partner(csp)).list().size(), "still in the partner's list");

        Api.Response restored = accept(customer, customerAdmin(customer), link(csp), "AZURE");
        assertEquals("ALLOW", restored.get("outcome"), "C14: repeating the request restores DAP");
    }

    @Test
    void removalFromAllPartnersAndByANonAdministrator() {
        accept(customer, customerAdmin(customer), link(csp), "MICROSOFT_365");
        accept(customer, customerAdmin(customer), link(advisor), "AZURE");
        Api.Response user = api.delete("/api/v1/customers/" + customer + "/delegated-admin", customerUser(customer));
        assertEquals(200, user.status());
        assertEquals("DENY", user.get("outcome"));
        assertEquals(List.of("ACTOR_NOT_CUSTOMER_ADMIN"), user.codes("reasons"));

        Api.Response all = api.delete("/api/v1/customers/" + customer + "/delegated-admin", customerAdmin(customer));
        assertEquals("ALLOW", all.get("outcome"));
        assertTrue(all.items("obligations").stream().allMatch(o -> csp.equals(o.get("partnerId"))),
                "obligations bind the CSP partner only: " + all.items("obligations"));
        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer));
        for (Object o : page.list()) {
            @SuppressWarnings("unchecked") List<Map<String, Object>> services = (List<Map<String, Object>>) ((Map<String, Object>) o).get("services");
            assertTrue(services.stream().noneMatch(s -> Boolean.TRUE.equals(s.get("delegatedAdmin"))));
        }
    }

    @Test
    void renegotiationNeedsBothConsentsAndIsBlockedWhileThePartnerResellsASubscription() {
        accept(customer, customerAdmin(customer), link(csp), "MICROSOFT_365");
        assertEquals(200, api.put("/api/v1/customers/" + customer + "/subscriptions/S-1",
                Map.of("service", "MICROSOFT_365", "resellerOfRecord", csp), operator()).status());
        String path = "/api/v1/customers/" + customer + "/partner-relationships/" + csp + "/renegotiation";

        Api.Response first = api.post(path, Map.of("terminate", true), partner(csp));
        assertEquals(200, first.status(), first.body().toString());
        assertEquals("RENEGOTIATION", first.get("kind"));
        assertEquals("ALLOW", first.get("outcome"));
        assertEquals("ACTIVE", first.get("state"));

        Api.Response blocked = api.post(path, Map.of("terminate", true), customerAdmin(customer));
        assertEquals("DENY", blocked.get("outcome"));
        assertEquals(List.of("ACTIVE_SUBSCRIPTIONS_REMAIN"), blocked.codes("reasons"));
        assertEquals("ACTIVE", blocked.get("state"));

        assertEquals(204, api.delete("/api/v1/customers/" + customer + "/subscriptions/S-1", operator()).status());
        Api.Response done = api.post(path, Map.of("terminate", true), customerAdmin(customer));
        assertEquals("ALLOW", done.get("outcome"));
        assertEquals("TERMINATED", done.get("state"));
        assertEquals(0, api.get("/api/v1/partners/" + csp + "/customers", partner(csp)).list().size(), "the customer leaves the partner's list");
        Api.Response page = api.get("/api/v1/customers/" + customer + "/partner-relationships", customerAdmin(customer));
        @SuppressWarnings("unchecked") Map<String, Object> rel = (Map<String, Object>) page.list().get(0);
        assertEquals("TERMINATED", rel.get("state"));
        assertEquals(List.of(), rel.get("services"));

        Api.Response none = api.post("/api/v1/customers/" + customer + "/partner-relationships/" + otherCsp + "/renegotiation",
                Map.of("terminate", true), partner(otherCsp));
        assertEquals("DENY", none.get("outcome"));
        assertEquals(List.of("NO_RELATIONSHIP"), none.codes("reasons"));
    }

    @Test
    void messagesFollowAcceptLanguage() {
        String link = link(csp);
        var request = io.micronaut.http.HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE"))).header("Accept-Language", "pt-BR");
        Api.Response pt = api.send(request, customerUser(customer));
        String message = (String) pt.items("reasons").get(0).get("message");
        assertTrue(message.startsWith("Somente um administrador"), message);
        var fr = api.send(io.micronaut.http.HttpRequest.POST("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE"))).header("Accept-Language", "fr-FR,fr;q=0.9"), customerUser(customer));
        assertTrue(((String) fr.items("reasons").get(0).get("message")).startsWith("Seul un administrateur"));
    }

    @Test
    void accessControlIsNotPolicy() throws Exception {
        long before = logCount();
        assertEquals(401, api.get("/api/v1/partners/" + csp + "/relationship-request", null).status());
        assertEquals(401, api.get("/api/v1/partners/" + csp + "/relationship-request", "not-a-token").status());
        Api.Response other = api.get("/api/v1/partners/" + csp + "/relationship-request", partner(otherCsp));
        assertEquals(403, other.status());
        assertTrue(other.contentType().startsWith("application/problem+json"), other.contentType());
        assertNotNull(other.get("detail"));
        assertEquals(403, accept(customer, customerAdmin(germanCustomer), "x", "AZURE").status());
        assertEquals(403, api.get("/api/v1/partners/" + csp + "/relationship-request", customerAdmin(customer)).status());
        assertEquals(403, api.put("/api/v1/partners/X", Map.of("name", "x", "cloud", "PUBLIC", "program", "CSP"), partner(csp)).status());
        assertEquals(before, logCount(), "refusals of access control are not decisions");
    }

    @Test
    void badInputIsAProblemAndChangesNothing() throws Exception {
        long before = logCount();
        Api.Response unknownService = accept(customer, customerAdmin(customer), link(csp), "TEAMS");
        assertEquals(400, unknownService.status());
        assertTrue(((String) unknownService.get("detail")).contains("MICROSOFT_365"));
        assertEquals(400, api.post("/api/v1/customers/" + customer + "/relationship-acceptances", Map.of("services", List.of("AZURE")), customerAdmin(customer)).status());
        assertEquals(404, accept("C-NOBODY", customerAdmin("C-NOBODY"), link(csp), "AZURE").status());
        assertEquals(400, api.put("/api/v1/partners/P1", Map.of("name", "x", "cloud", "MARS", "program", "CSP"), operator()).status());
        assertEquals(400, api.put("/api/v1/partners/bad%20id", Map.of("name", "x", "cloud", "PUBLIC", "program", "CSP"), operator()).status());
        assertEquals(400, api.post("/api/v1/customers/" + customer + "/partner-relationships/" + csp + "/renegotiation", Map.of("terminate", false), partner(csp)).status());
        assertEquals(before + 2, logCount(), "only the two link issues were decisions");
    }

    @Test
    void directoryRoundTrips() {
        assertEquals(200, api.put("/api/v1/customers/" + customer + "/subscriptions/S-9", Map.of("service", "AZURE"), operator()).status());
        Api.Response sub = api.get("/api/v1/customers/" + customer + "/subscriptions/S-9", operator());
        assertEquals("AZURE", sub.get("service"));
        assertNull(sub.get("resellerOfRecord"));
        assertEquals("CSP", api.get("/api/v1/partners/" + csp, operator()).get("program"));
        assertEquals("GERMANY", api.get("/api/v1/customers/" + germanCustomer, operator()).get("cloud"));
        assertEquals(404, api.get("/api/v1/partners/P-NOBODY", operator()).status());
        assertEquals(204, api.delete("/api/v1/customers/" + customer + "/subscriptions/S-9", operator()).status());
        assertEquals(404, api.get("/api/v1/customers/" + customer + "/subscriptions/S-9", operator()).status());
        assertEquals(400, api.put("/api/v1/customers/" + customer + "/subscriptions/S-9", Map.of("service", "AZURE", "resellerOfRecord", "P-NOBODY"), operator()).status());
    }

    private long logCount() throws Exception {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_log"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
