package io.relationshippolicy.system;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.rules.ActiveRules;
import io.relationshippolicy.support.Api;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health without a token, and an OpenAPI document (with a browsable UI) that agrees with the HTTP contract. */
@MicronautTest(environments = "test", transactional = false)
class OperationsContractTest {

    /** Every route of the contract (method, path) that the service must document. */
    static final List<String> CONTRACT_ROUTES = List.of(
            "put /api/v1/partners/{partnerId}", "get /api/v1/partners/{partnerId}",
            "put /api/v1/customers/{customerId}", "get /api/v1/customers/{customerId}",
            "put /api/v1/customers/{customerId}/subscriptions/{subscriptionId}",
            "get /api/v1/customers/{customerId}/subscriptions/{subscriptionId}",
            "delete /api/v1/customers/{customerId}/subscriptions/{subscriptionId}",
            "get /api/v1/partners/{partnerId}/relationship-request",
            "post /api/v1/partners/{partnerId}/relationship-request/email-check",
            "post /api/v1/customers/{customerId}/relationship-acceptances",
            "get /api/v1/customers/{customerId}/partner-relationships",
            "get /api/v1/partners/{partnerId}/customers",
            "delete /api/v1/customers/{customerId}/partner-relationships/{partnerId}/delegated-admin",
            "delete /api/v1/customers/{customerId}/delegated-admin",
            "post /api/v1/customers/{customerId}/partner-relationships/{partnerId}/renegotiation",
            "post /api/v1/decisions", "post /api/v1/decisions/batch");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ActiveRules rules;

    @Test
    void healthReportsTheDatabaseAndTheActiveRulesWithoutAToken() {
        Api.Response health = new Api(client).get("/health", null);
        assertEquals(200, health.status(), health.body().toString());
        assertEquals("UP", health.get("status"));
        Map<String, Object> details = health.get("details");
        @SuppressWarnings("unchecked") Map<String, Object> ruleDetails = (Map<String, Object>) ((Map<String, Object>) details.get("rules")).get("details");
        assertEquals(rules.engine().version(), ruleDetails.get("version"));
        assertTrue(details.containsKey("jdbc"), "the database is reported: " + details.keySet());
        assertTrue(!health.body().toString().contains("jdbc:"), "no JDBC URL reaches an anonymous caller: " + details.get("jdbc"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentListsEveryContractRouteAndNeedsNoToken() {
        String yaml = client.toBlocking().retrieve("/openapi");
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        assertEquals("Relationship Policy", ((Map<String, Object>) document.get("info")).get("title"));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        for (String route : CONTRACT_ROUTES) {
            String[] parts = route.split(" ");
            assertTrue(paths.containsKey(parts[1]) && paths.get(parts[1]).containsKey(parts[0]), "OpenAPI lacks " + route);
        }
        String ui = client.toBlocking().retrieve("/swagger-ui/index.html");
        assertTrue(ui.contains("/swagger/relationship-policy-1.yml"), "the UI points at the document");
        assertTrue(client.toBlocking().retrieve("/swagger/relationship-policy-1.yml").contains("Relationship Policy"));
    }
}
