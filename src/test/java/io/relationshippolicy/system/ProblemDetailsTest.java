package io.relationshippolicy.system;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.DatabaseSnapshot;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.auditor;
import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad request gets problem+json with a detail that says what to fix, and changes nothing;
 * a failure inside the service gets a generic detail with a reference, never its cause, and rolls back
 * what it had written.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "test.failing-store", value = "true")
class ProblemDetailsTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;


    @Inject

    DecisionJournal journal;

    Api api;
    String partnerId;
    String customerId;
    Map<String, String> before;

    @BeforeEach
    void directory() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        partnerId = world.csp("P", "Contoso");
        customerId = world.customer("C", "Northwind");
        before = DatabaseSnapshot.take(database, journal);
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(before, DatabaseSnapshot.take(database, journal), "a refused request changed the database");
    }

    private Api.Response raw(MutableHttpRequest<?> request, MediaType type, String token) {
        return api.send(request.contentType(type), token);
    }

    private static void assertProblem(Api.Response r, int status, String... detailMentions) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        assertTrue(r.contentType() != null && r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(status, ((Number) r.body().get("status")).intValue());
        assertTrue(r.body().get("title") instanceof String title && !title.isBlank(), "a title: " + r.body());
        String detail = (String) r.body().get("detail");
        for (String mention : detailMentions) {
            assertTrue(detail.contains(mention), "detail should mention '" + mention + "': " + detail);
        }
        for (String leak : List.of("Exception", "io.micronaut", "io.relationshippolicy", "java.", "com.fasterxml", "SELECT", "SQL", "\tat ")) {
            assertFalse(detail.contains(leak) || r.body().toString().contains(leak), "no internals (" + leak + "): " + r.body());
        }
    }

    @Test
    void malformedJson() {
        assertProblem(raw(HttpRequest.PUT("/api/v1/partners/" + partnerId, "{\"name\": \"x\", "), MediaType.APPLICATION_JSON_TYPE, operator()),
                400, "JSON");
    }

    @Test
    void wrongJsonTypeForAField() {
        assertProblem(raw(HttpRequest.PUT("/api/v1/partners/" + partnerId, "{\"name\": {\"first\": 1}, \"cloud\": \"PUBLIC\", \"program\": \"CSP\"}"),
                MediaType.APPLICATION_JSON_TYPE, operator()), 400, "an object where a string is expected", "\"name\": string");
        assertProblem(raw(HttpRequest.POST("/api/v1/customers/" + customerId + "/relationship-acceptances", "{\"link\": \"x\", \"services\": \"AZURE\"}"),
                MediaType.APPLICATION_JSON_TYPE, customerAdmin(customerId)), 400, "a string where an array is expected", "\"services\": [string]");
        assertProblem(raw(HttpRequest.PUT("/api/v1/customers/" + customerId, "[1, 2]"), MediaType.APPLICATION_JSON_TYPE, operator()),
                400, "an array where an object is expected");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotCoerced() {
        String renegotiation = "/api/v1/customers/" + customerId + "/partner-relationships/" + partnerId + "/renegotiation";
        for (String body : List.of("{\"terminate\":\"true\"}", "{\"terminate\":2}", "{\"terminate\":[true]}")) {
            assertProblem(raw(HttpRequest.POST(renegotiation, body), MediaType.APPLICATION_JSON_TYPE, partner(partnerId)),
                    400, "'terminate'", "true or false is expected", "\"terminate\": true or false");
        }
        assertProblem(raw(HttpRequest.POST("/api/v1/decisions", "{\"partnerId\":[\"" + partnerId + "\"],\"customerId\":\"" + customerId
                + "\",\"action\":\"PROVIDE_SUPPORT\"}"), MediaType.APPLICATION_JSON_TYPE, partner(partnerId)), 400, "'partnerId' has an array");
        assertProblem(raw(HttpRequest.POST("/api/v1/decisions", "{\"partnerId\":\"" + partnerId + "\",\"customerId\":\"" + customerId
                + "\",\"action\":[\"PROVIDE_SUPPORT\"]}"), MediaType.APPLICATION_JSON_TYPE, partner(partnerId)), 400, "'action' has an array");
        assertProblem(raw(HttpRequest.POST("/api/v1/decisions/batch", "{\"requests\":[{\"partnerId\":[\"" + partnerId + "\"],\"customerId\":\""
                + customerId + "\",\"action\":\"PROVIDE_SUPPORT\"}]}"), MediaType.APPLICATION_JSON_TYPE, partner(partnerId)),
                400, "'requests[0].partnerId' has an array where a string is expected");
        assertProblem(raw(HttpRequest.POST("/api/v1/customers/" + customerId + "/relationship-acceptances", "{\"link\":1,\"services\":[\"AZURE\"]}"),
                MediaType.APPLICATION_JSON_TYPE, customerAdmin(customerId)), 400, "'link' has a number where a string is expected");
        assertProblem(raw(HttpRequest.POST("/api/v1/partners/" + partnerId + "/relationship-request/email-check", "{\"body\":[\"x\"]}"),
                MediaType.APPLICATION_JSON_TYPE, partner(partnerId)), 400, "'body' has an array");
        assertProblem(raw(HttpRequest.PUT("/api/v1/partners/" + partnerId, "{\"name\":1,\"cloud\":\"PUBLIC\",\"program\":\"CSP\"}"),
                MediaType.APPLICATION_JSON_TYPE, operator()), 400, "'name' has a number");
        assertProblem(raw(HttpRequest.PUT("/api/v1/customers/" + customerId, "{\"name\":\"Northwind\",\"cloud\":[\"PUBLIC\"]}"),
                MediaType.APPLICATION_JSON_TYPE, operator()), 400, "'cloud' has an array");
    }

    @Test
    void duplicateKeysAndContentAfterTheValueAreRefused() {
        String partner = "/api/v1/partners/" + partnerId;
        String valid = "{\"name\":\"Fabrikam\",\"cloud\":\"PUBLIC\",\"program\":\"CSP\"}";
        assertProblem(raw(HttpRequest.PUT(partner, "{\"name\":\"Fabrikam\",\"name\":\"Contoso\",\"cloud\":\"PUBLIC\",\"program\":\"CSP\"}"),
                MediaType.APPLICATION_JSON_TYPE, operator()), 400, "'name' appears twice");
        for (String after : List.of(" {\"name\":\"Contoso\"}", "x", "}", "]", " 1", ",")) {
            assertProblem(raw(HttpRequest.PUT(partner, valid + after), MediaType.APPLICATION_JSON_TYPE, operator()), 400, "more than one JSON value");
        }
        assertEquals(200, raw(HttpRequest.PUT(partner, valid + " \r\n\t"), MediaType.APPLICATION_JSON_TYPE, operator()).status(),
                "white space after the value is no content");
        before = DatabaseSnapshot.take(database, journal);
    }

    @Test
    void unknownEnumValues() {
        assertProblem(api.put("/api/v1/partners/" + partnerId, Map.of("name", "Contoso", "cloud", "MARS", "program", "CSP"), operator()),
                400, "'cloud'", "PUBLIC", "GERMANY", "MARS");
        assertProblem(api.put("/api/v1/partners/" + partnerId, Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "GOLD"), operator()),
                400, "'program'", "NON_CSP");
        assertProblem(api.put("/api/v1/customers/" + customerId + "/subscriptions/S1", Map.of("service", "EXCEL"), operator()),
                400, "Unknown service 'EXCEL'", "AZURE");
        assertProblem(api.delete("/api/v1/customers/" + customerId + "/partner-relationships/" + partnerId + "/delegated-admin?service=EXCEL",
                customerAdmin(customerId)), 400, "EXCEL");
    }

    @Test
    void missingBodyAndMissingFields() {
        assertProblem(raw(HttpRequest.PUT("/api/v1/partners/" + partnerId, ""), MediaType.APPLICATION_JSON_TYPE, operator()), 400, "JSON body");
        assertProblem(api.put("/api/v1/partners/" + partnerId, Map.of("cloud", "PUBLIC", "program", "CSP"), operator()), 400, "'name'");
    }

    @Test
    void textTheDatabasesCouldNotStoreFaithfully() {
        assertProblem(api.put("/api/v1/partners/" + partnerId, Map.of("name", "Con\u0000toso", "cloud", "PUBLIC", "program", "CSP"), operator()),
                400, "control character");
        assertProblem(api.post("/api/v1/partners/" + partnerId + "/relationship-request/email-check", Map.of("body", "Hello \ud800 there"), partner(partnerId)),
                400, "broken Unicode");
    }

    @Test
    void bodyOverTheSizeLimit() {
        String huge = "x".repeat(1_100_000);
        assertProblem(api.put("/api/v1/partners/" + partnerId, Map.of("name", huge, "cloud", "PUBLIC", "program", "CSP"), operator()),
                413, "maximum", "smaller");
    }

    @Test
    void unsupportedMediaType() {
        assertProblem(raw(HttpRequest.PUT("/api/v1/partners/" + partnerId, "name=Contoso"), MediaType.TEXT_PLAIN_TYPE, operator()),
                415, "application/json");
    }

    @Test
    void unknownRouteAndWrongMethod() {
        assertProblem(api.get("/api/v1/partnerz/" + partnerId, operator()), 404, "/openapi");
        assertProblem(api.get("/api/v1/partnerz/" + partnerId, null), 404, "/openapi");
        assertProblem(api.post("/api/v1/partners/" + partnerId, Map.of(), operator()), 405, "PUT", "GET");
    }

    @Test
    void missingOrInvalidBearerToken() {
        assertProblem(api.get("/api/v1/partners/" + partnerId, null), 401, "Authorization: Bearer");
        assertProblem(api.get("/api/v1/partners/" + partnerId, "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"), 401, "refused");
        assertProblem(api.send(HttpRequest.GET("/api/v1/partners/" + partnerId).basicAuth("operator", "secret"), null), 401, "'Bearer <JWT>'");
    }

    @Test
    void forbiddenRoleOrTenant() {
        assertProblem(api.get("/api/v1/partners/" + partnerId, auditor()), 403, "[OPERATOR]", "[AUDITOR]");
        assertProblem(api.get("/api/v1/partners/" + partnerId + "/relationship-request", partner("P-someone-else")), 403, partnerId);
    }

    @Test
    void databaseFailureIsAGeneric500WithAReferenceAndRollsBack() {
        Api.Response r = api.put("/api/v1/partners/" + FailingDirectoryStore.SQL_FAILURE, Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "CSP"), operator());
        assertProblem(r, 500, "nothing was changed", "reference");
        assertFalse(r.body().toString().contains("signing_key") || r.body().toString().contains("no_such_column"), r.body().toString());
    }

    @Test
    void unexpectedFailureNamesNoClassAndRollsBack() {
        assertProblem(api.put("/api/v1/partners/" + FailingDirectoryStore.BUG, Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "CSP"), operator()),
                500, "reference");
    }
}
