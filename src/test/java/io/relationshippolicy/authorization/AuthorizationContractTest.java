package io.relationshippolicy.authorization;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authorization through the HTTP API: DAP is not a billing right (C2, C3), support obligations survive a
 * DAP removal (C12, C13) and end only by renegotiation (C11).
 */
@MicronautTest(environments = "test", transactional = false)
class AuthorizationContractTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    Api api;
    String reseller;
    String dapOnly;
    String advisor;
    String customer;

    @BeforeEach
    void world() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        reseller = world.csp("P-RES", "Contoso");
        dapOnly = world.csp("P-DAP", "Fabrikam");
        advisor = world.advisor("P-ADV", "Tailspin");
        customer = world.customer("C", "Northwind");
        world.accepted(customer, reseller, "MICROSOFT_365");
        world.accepted(customer, dapOnly, "AZURE");
        world.accepted(customer, advisor, "INTUNE");
        world.subscription(customer, "S-365", "MICROSOFT_365", reseller);
        world.subscription(customer, "S-AZ", "AZURE", null);
    }

    private Map<String, Object> request(String partnerId, String action, String service, String subscription) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partnerId", partnerId);
        body.put("customerId", customer);
        body.put("action", action);
        if (service != null) {
            body.put("service", service);
        }
        if (subscription != null) {
            body.put("subscriptionId", subscription);
        }
        return body;
    }

    private Api.Response decide(String partnerId, String action, String service, String subscription) {
        Api.Response r = api.post("/api/v1/decisions", request(partnerId, action, service, subscription), partner(partnerId));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("AUTHORIZATION", r.get("kind"));
        return r;
    }

    @Test
    void delegatedAdminIsNotABillingRight() {
        for (String action : List.of("BILLING", "ADD_SEATS", "REMOVE_SEATS", "ORDER_ADD_ON", "TRANSITION_SUBSCRIPTION",
                "MIGRATE_SUBSCRIPTION", "CHANGE_PARTNER_OF_RECORD")) {
            assertEquals("ALLOW", decide(reseller, action, null, "S-365").get("outcome"), action);
            Api.Response denied = decide(dapOnly, action, null, "S-AZ");
            assertEquals("DENY", denied.get("outcome"), action);
            assertTrue(denied.codes("reasons").contains("NOT_RESELLER_OF_RECORD"), action + " " + denied.codes("reasons"));
            assertEquals("C3", denied.items("reasons").stream().filter(x -> x.get("code").equals("NOT_RESELLER_OF_RECORD"))
                    .findFirst().orElseThrow().get("clause"));
        }
    }

    @Test
    void administeringAndManagingNeedDelegatedAdminForTheService() {
        assertEquals("ALLOW", decide(dapOnly, "ADMINISTER_SERVICE", "AZURE", null).get("outcome"));
        assertEquals("ALLOW", decide(dapOnly, "MANAGE_SUBSCRIPTION", null, "S-AZ").get("outcome"));
        Api.Response other = decide(dapOnly, "ADMINISTER_SERVICE", "MICROSOFT_365", null);
        assertEquals("DENY", other.get("outcome"));
        assertEquals(List.of("NO_DELEGATED_ADMIN"), other.codes("reasons"));
    }

    @Test
    void provisioningNeedsACspTransactingPartner() {
        assertEquals("ALLOW", decide(reseller, "PROVISION_SUBSCRIPTION", "MICROSOFT_365", null).get("outcome"));
        Api.Response nonCsp = decide(advisor, "PROVISION_SUBSCRIPTION", "INTUNE", null);
        assertEquals("DENY", nonCsp.get("outcome"));
        assertTrue(nonCsp.codes("reasons").contains("NON_CSP_PARTNER_CANNOT_TRANSACT"), nonCsp.codes("reasons").toString());
        Api.Response notTransacting = decide(reseller, "PROVISION_SUBSCRIPTION", "AZURE", null);
        assertEquals(List.of("NOT_TRANSACTING_PARTNER"), notTransacting.codes("reasons"));
    }

    @Test
    void supportSurvivesDapRemovalAndEndsOnlyByRenegotiation() {
        Api.Response direct = decide(reseller, "PROVIDE_SUPPORT", null, null);
        assertEquals("ALLOW", direct.get("outcome"));
        assertEquals(List.of("SUPPORT_DIRECTLY"), direct.codes("obligations"));

        assertEquals("ALLOW", api.delete("/api/v1/customers/" + customer + "/partner-relationships/" + reseller + "/delegated-admin",
                customerAdmin(customer)).get("outcome"));
        Api.Response viaMicrosoft = decide(reseller, "PROVIDE_SUPPORT", "MICROSOFT_365", null);
        assertEquals("ALLOW", viaMicrosoft.get("outcome"));
        assertEquals(List.of("SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST"), viaMicrosoft.codes("obligations"));
        assertEquals("C13", viaMicrosoft.items("obligations").get(0).get("clause"));
        assertEquals("ALLOW", decide(reseller, "BILLING", null, "S-365").get("outcome"), "the reseller of record still bills after a DAP removal");

        Api.Response endSupport = decide(reseller, "END_SUPPORT", null, null);
        assertEquals("DENY", endSupport.get("outcome"));
        assertEquals(List.of("SUPPORT_OBLIGATION_SURVIVES_REVOCATION"), endSupport.codes("reasons"));

        String path = "/api/v1/customers/" + customer + "/partner-relationships/" + dapOnly + "/renegotiation";
        api.post(path, Map.of("terminate", true), partner(dapOnly));
        assertEquals("TERMINATED", api.post(path, Map.of("terminate", true), customerAdmin(customer)).get("state"));
        assertEquals("ALLOW", decide(dapOnly, "END_SUPPORT", null, null).get("outcome"));
        Api.Response terminated = decide(dapOnly, "ADMINISTER_SERVICE", "AZURE", null);
        assertEquals("DENY", terminated.get("outcome"));
        assertTrue(terminated.codes("reasons").contains("NO_RELATIONSHIP"));
    }

    @Test
    void batchAnswersInOrderAndLogsEveryMember() throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            requests.add(i % 2 == 0 ? request(dapOnly, "ADMINISTER_SERVICE", "AZURE", null) : request(dapOnly, "BILLING", null, "S-AZ"));
        }
        long before = logCount();
        Api.Response r = api.post("/api/v1/decisions/batch", Map.of("requests", requests), partner(dapOnly));
        assertEquals(200, r.status(), r.body().toString());
        List<Map<String, Object>> decisions = r.items("decisions");
        assertEquals(30, decisions.size());
        for (int i = 0; i < 30; i++) {
            assertEquals(i % 2 == 0 ? "ALLOW" : "DENY", decisions.get(i).get("outcome"), "answer " + i);
            assertEquals(i % 2 == 0 ? "ADMINISTER_SERVICE" : "BILLING", decisions.get(i).get("action"));
        }
        assertEquals(before + 30, logCount());
    }

    @Test
    void badRequestsAreProblemsAndNothingIsLogged() throws Exception {
        long before = logCount();
        assertEquals(400, api.post("/api/v1/decisions", request(dapOnly, "FLY", null, null), partner(dapOnly)).status());
        Api.Response missingService = api.post("/api/v1/decisions", request(dapOnly, "ADMINISTER_SERVICE", null, null), partner(dapOnly));
        assertEquals(400, missingService.status());
        assertTrue(((String) missingService.get("detail")).contains("service"));
        assertEquals(400, api.post("/api/v1/decisions", request(dapOnly, "BILLING", null, null), partner(dapOnly)).status());
        assertEquals(404, api.post("/api/v1/decisions", request(dapOnly, "BILLING", null, "S-NONE"), partner(dapOnly)).status());
        Map<String, Object> unknownCustomer = request(dapOnly, "END_SUPPORT", null, null);
        unknownCustomer.put("customerId", "C-NOBODY");
        assertEquals(404, api.post("/api/v1/decisions", unknownCustomer, partner(dapOnly)).status());
        Api.Response forOther = api.post("/api/v1/decisions", request(reseller, "BILLING", null, "S-365"), partner(dapOnly));
        assertEquals(403, forOther.status(), "a partner may only ask for itself");
        List<Map<String, Object>> mixed = List.of(request(dapOnly, "END_SUPPORT", null, null), request(dapOnly, "JUMP", null, null));
        Api.Response batch = api.post("/api/v1/decisions/batch", Map.of("requests", mixed), partner(dapOnly));
        assertEquals(400, batch.status());
        assertTrue(((String) batch.get("detail")).contains("requests[1]"), (String) batch.get("detail"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(request(dapOnly, "END_SUPPORT", null, null));
        }
        assertEquals(400, api.post("/api/v1/decisions/batch", Map.of("requests", tooMany), partner(dapOnly)).status());
        assertEquals(403, api.post("/api/v1/decisions", request(dapOnly, "END_SUPPORT", null, null), customerAdmin(customer)).status());
        assertEquals(before, logCount());
    }

    @Test
    void explanationsInTheThreeLanguagesOfTheArticle() {
        Map<String, String> expected = Map.of("en", "Only the reseller of record", "pt-BR", "Somente o revendedor de registro",
                "fr", "Seul le revendeur de référence");
        expected.forEach((language, start) -> {
            Api.Response r = api.send(HttpRequest.POST("/api/v1/decisions", request(dapOnly, "BILLING", null, "S-AZ"))
                    .header("Accept-Language", language), partner(dapOnly));
            String message = (String) r.items("reasons").stream().filter(x -> x.get("code").equals("NOT_RESELLER_OF_RECORD"))
                    .findFirst().orElseThrow().get("message");
            assertTrue(message.startsWith(start), language + ": " + message);
        });
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
