package io.relationshippolicy.system;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.relationshippolicy.decisionlog.DecisionLogCheckpoints;
import io.relationshippolicy.rules.RulesRejected;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document, fetched over HTTP as a client would, holds against the router: every /api/v1 route is
 * documented with its method and nothing else is, each documents every problem+json answer it can give (with its
 * schema, and Retry-After where the answer passes by itself), and the export names its real media types.
 */
@MicronautTest(environments = "test", transactional = false)
@SuppressWarnings("unchecked")
class OpenApiDocumentMatchesRoutesTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Router router;

    Map<String, Object> document;

    @BeforeEach
    void fetchTheDocument() {
        document = new Yaml(new SafeConstructor(new LoaderOptions())).load(client.toBlocking().retrieve("/openapi"));
    }

    @Test
    void everyApiRouteTheRouterKnowsIsDocumentedAndNoOtherIs() {
        Set<String> routed = router.uriRoutes()
                .filter(r -> r.getUriMatchTemplate().toPathString().startsWith(OpenApiAnswers.API_PREFIX))
                // the router answers HEAD for every GET by itself; the document lists the GET
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD)
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(routed.size() > 20, "the router knows the API: " + routed);
        assertEquals(routed, new TreeSet<>(operations().keySet()), "documented routes against the router's");
        assertEquals(routed, new TreeSet<>(OpenApiAnswers.ROUTES.keySet()),
                "OpenApiAnswers.ROUTES lists exactly the routes the router knows: add a row for a new route, with the statuses it answers");
    }

    @Test
    void everyRouteDocumentsEachProblemItCanAnswerAndNoOther() {
        operations().forEach((route, operation) -> {
            Set<Integer> expected = new TreeSet<>(OpenApiAnswers.EVERY_ROUTE);
            if (operation.containsKey("requestBody")) {
                expected.addAll(OpenApiAnswers.WITH_BODY);
            }
            expected.addAll(OpenApiAnswers.ROUTES.get(route));
            assertEquals(expected, problemStatuses(operation), route);
            for (int status : expected) {
                Map<String, Object> response = response(operation, status);
                assertNotNull(response.get("description"), route + " " + status);
                Map<String, Object> content = (Map<String, Object>) response.get("content");
                assertEquals(Set.of(Problem.MEDIA_TYPE), content.keySet(), route + " " + status);
                String schema = (String) ((Map<String, Object>) ((Map<String, Object>) content.get(Problem.MEDIA_TYPE)).get("schema")).get("$ref");
                assertEquals(status == 422 ? "#/components/schemas/RulesRejected" : "#/components/schemas/Problem", schema, route + " " + status);
                Map<String, Object> headers = (Map<String, Object>) response.getOrDefault("headers", Map.of());
                assertEquals(status == 429 || status == 503, headers.containsKey("Retry-After"), route + " " + status + " Retry-After");
            }
        });
    }

    @Test
    void theStatusesTheContractNamesAreThere() {
        operations().forEach((route, operation) -> assertTrue(problemStatuses(operation).containsAll(Set.of(400, 401, 403, 500)), route));
        assertDocuments("POST /api/v1/rules/reload", 400, 409, 422, 429, 503);
        assertDocuments("POST /api/v1/rules/validate", 400, 413, 415, 429);
        assertDocuments("POST /api/v1/decision-log/checkpoints", 429);
        assertDocuments("POST /api/v1/decisions/batch", 400, 404, 413, 415, 503);
        assertDocuments("GET /api/v1/decision-log/{decisionId}", 400, 404);
        assertDocuments("POST /api/v1/customers/{customerId}/relationship-acceptances", 400, 404, 409, 503);
        for (String read : List.of("GET /api/v1/partners/{partnerId}", "GET /api/v1/customers/{customerId}",
                "GET /api/v1/customers/{customerId}/subscriptions/{subscriptionId}")) {
            assertDocuments(read, 404, 503);
        }
        Map<String, Object> retryAfter = (Map<String, Object>) ((Map<String, Object>) components().get("headers")).get("Retry-After");
        assertEquals("integer", ((Map<String, Object>) retryAfter.get("schema")).get("type"));
    }

    @Test
    void aRouteWithSeveralSuccessStatusesDocumentsEachWithItsBody() {
        OpenApiAnswers.SUCCESSES.forEach((route, successes) -> {
            Map<String, Object> operation = operations().get(route);
            assertNotNull(operation, route + " is documented");
            Set<Integer> documented = ((Map<String, Object>) operation.get("responses")).keySet().stream().filter(s -> s.startsWith("2"))
                    .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(successes.keySet()), documented, route);
            successes.forEach((status, description) -> assertEquals(description, response(operation, status).get("description"),
                    route + " " + status));
        });
        Map<String, Object> checkpoint = operations().get("POST /api/v1/decision-log/checkpoints");
        for (int status : List.of(200, 201)) {
            Map<String, Object> content = (Map<String, Object>) response(checkpoint, status).get("content");
            assertEquals("#/components/schemas/DecisionLogCheckpoints.Checkpoint",
                    ((Map<String, Object>) ((Map<String, Object>) content.get(MediaType.APPLICATION_JSON)).get("schema")).get("$ref"),
                    "POST /api/v1/decision-log/checkpoints " + status + " answers the checkpoint");
        }
        assertSchemaFields("DecisionLogCheckpoints.Checkpoint", DecisionLogCheckpoints.Checkpoint.class);
    }

    @Test
    void theProblemSchemasHaveTheFieldsOfTheBodiesTheServiceWrites() {
        assertSchemaFields("Problem", Problem.class);
        assertSchemaFields("Problem.FieldError", Problem.FieldError.class);
        assertSchemaFields("RulesRejected", RulesRejected.Body.class);
        assertSchemaFields("RulesRejected.Error", RulesRejected.Error.class);
    }

    @Test
    void theExportNamesItsRealMediaTypesAndTheOtherAnswersStayJson() {
        operations().forEach((route, operation) -> {
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            responses.forEach((status, response) -> {
                Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
                if (status.startsWith("2") && content != null) {
                    Set<String> expected = route.equals("GET /api/v1/decision-log/export")
                            ? Set.of("application/x-ndjson", "text/csv") : Set.of(MediaType.APPLICATION_JSON);
                    assertEquals(expected, content.keySet(), route + " " + status);
                }
            });
        });
    }

    /** Real answers of a few routes: each status and content type is one the document gives for that route. */
    @Test
    void realAnswersAreAmongThoseDocumented() {
        Api api = new Api(client);
        String operator = TestTokens.operator();
        assertAnswerDocumented("GET /api/v1/partners/{partnerId}", api.get("/api/v1/partners/NOBODY", operator), 404);
        assertAnswerDocumented("GET /api/v1/partners/{partnerId}", api.get("/api/v1/partners/not%20an%20id", operator), 400);
        assertAnswerDocumented("GET /api/v1/partners/{partnerId}", api.get("/api/v1/partners/NOBODY", null), 401);
        assertAnswerDocumented("GET /api/v1/partners/{partnerId}", api.get("/api/v1/partners/NOBODY", TestTokens.auditor()), 403);
        assertAnswerDocumented("PUT /api/v1/partners/{partnerId}",
                api.send(HttpRequest.PUT("/api/v1/partners/P-1", "name=x").contentType(MediaType.TEXT_PLAIN_TYPE), operator), 415);
        assertAnswerDocumented("POST /api/v1/decisions/batch", api.post("/api/v1/decisions/batch", Map.of(), TestTokens.partner("P-1")), 400);
        assertAnswerDocumented("GET /api/v1/decision-log/export", api.get("/api/v1/decision-log/export?format=xml", TestTokens.auditor()), 400);
        Map<String, Object> checkpointAnswers = (Map<String, Object>) operations().get("POST /api/v1/decision-log/checkpoints").get("responses");
        Api.Response taken = api.post("/api/v1/decision-log/checkpoints", Map.of(), TestTokens.auditor());
        assertEquals(201, taken.status(), taken.body().toString());
        assertTrue(checkpointAnswers.containsKey("201"), "a checkpoint taken is documented");
        Api.Response unchanged = api.post("/api/v1/decision-log/checkpoints", Map.of(), TestTokens.auditor());
        assertEquals(200, unchanged.status(), unchanged.body().toString());
        assertTrue(checkpointAnswers.containsKey("200"), "the latest checkpoint, when the log has not grown, is documented");
        Api.Response export = api.get("/api/v1/decision-log/export?format=csv", TestTokens.auditor());
        assertEquals(200, export.status());
        assertTrue(export.contentType().startsWith("text/csv"), export.contentType());
    }

    @Test
    void theBrowsableUiReadsTheSameDocument() {
        assertEquals(client.toBlocking().retrieve("/openapi"), client.toBlocking().retrieve("/swagger/relationship-policy-1.yml"));
    }

    // ---------------------------------------------------------------- reading the document

    /** "METHOD path" to the operation, for every /api/v1 operation in the document. */
    private Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> {
            if (path.startsWith(OpenApiAnswers.API_PREFIX)) {
                item.forEach((method, operation) -> {
                    if (operation instanceof Map<?, ?> op && op.containsKey("responses")) {
                        operations.put(method.toUpperCase() + " " + path, (Map<String, Object>) op);
                    }
                });
            }
        });
        return operations;
    }

    private Map<String, Object> components() {
        return (Map<String, Object>) document.get("components");
    }

    private static Set<Integer> problemStatuses(Map<String, Object> operation) {
        return ((Map<String, Object>) operation.get("responses")).keySet().stream()
                .filter(s -> s.matches("[45]\\d\\d")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The response for {@code status}, following a reference into components/responses. */
    private Map<String, Object> response(Map<String, Object> operation, int status) {
        Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) operation.get("responses")).get(Integer.toString(status));
        String ref = (String) response.get("$ref");
        if (ref == null) {
            return response;
        }
        String name = ref.substring("#/components/responses/".length());
        return (Map<String, Object>) ((Map<String, Object>) components().get("responses")).get(name);
    }

    private void assertDocuments(String route, Integer... statuses) {
        Map<String, Object> operation = operations().get(route);
        assertNotNull(operation, route + " is documented");
        assertTrue(problemStatuses(operation).containsAll(Arrays.asList(statuses)),
                route + " documents " + Arrays.toString(statuses) + ": " + problemStatuses(operation));
    }

    private void assertAnswerDocumented(String route, Api.Response answer, int status) {
        assertEquals(status, answer.status(), route + ": " + answer.body());
        assertEquals(Problem.MEDIA_TYPE, answer.contentType(), route + " " + status);
        assertTrue(problemStatuses(operations().get(route)).contains(status), route + " documents " + status);
    }

    private void assertSchemaFields(String schema, Class<? extends Record> body) {
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) components().get("schemas"))
                .get(schema)).get("properties");
        assertEquals(Arrays.stream(body.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet()),
                properties.keySet(), schema);
    }
}
