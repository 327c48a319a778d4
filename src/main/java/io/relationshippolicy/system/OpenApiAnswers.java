package io.relationshippolicy.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Completes the OpenAPI document micronaut-openapi generates at build time with what annotations on every
 * controller method would only clutter: each problem+json answer a route can give, the success statuses of a route
 * that has more than one, and the media types of the answers that are not JSON. {@link #ROUTES} is the one place that says which statuses a route answers beyond
 * those every {@code /api/v1} route can give; {@code OpenApiDocumentMatchesRoutesTest} keeps it in step with
 * the router, so a new route cannot go undocumented.
 */
public final class OpenApiAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiAnswers.class);

    public static final String API_PREFIX = "/api/v1/";

    /**
     * Every {@code /api/v1} route: 400 (a malformed id, parameter, header, or a JSON body that is malformed or of the
     * wrong shape, which {@link StrictJsonBodies} refuses on every route), 401 and 403 (security), 500 (any failure).
     */
    public static final Set<Integer> EVERY_ROUTE = Set.of(400, 401, 403, 500);

    /** A route that reads a body also refuses one that is too large (413) or not JSON (415). */
    public static final Set<Integer> WITH_BODY = Set.of(413, 415);

    private static final int NOT_FOUND = 404;
    /** The Idempotency-Key was used for another request, or its request is still running; or a state conflict. */
    private static final int CONFLICT = 409;
    /** The rules' own refusal: file, line and column of each error. */
    private static final int RULES_REJECTED = 422;
    private static final int TOO_MANY = 429;
    /** The database is unreachable, the decision could not be logged, the rules ran past their budget, or the service is stopping. */
    private static final int UNAVAILABLE = 503;

    /** What each {@code /api/v1} route answers beyond {@link #EVERY_ROUTE} and {@link #WITH_BODY}: "METHOD path" to statuses. */
    public static final Map<String, Set<Integer>> ROUTES = Map.ofEntries(
            // directory (operator); PUT and DELETE take an Idempotency-Key
            row("PUT /api/v1/partners/{partnerId}", CONFLICT, UNAVAILABLE),
            row("GET /api/v1/partners/{partnerId}", NOT_FOUND, UNAVAILABLE),
            row("PUT /api/v1/customers/{customerId}", CONFLICT, UNAVAILABLE),
            row("GET /api/v1/customers/{customerId}", NOT_FOUND, UNAVAILABLE),
            row("PUT /api/v1/customers/{customerId}/subscriptions/{subscriptionId}", NOT_FOUND, CONFLICT, UNAVAILABLE),
            row("GET /api/v1/customers/{customerId}/subscriptions/{subscriptionId}", NOT_FOUND, UNAVAILABLE),
            row("DELETE /api/v1/customers/{customerId}/subscriptions/{subscriptionId}", NOT_FOUND, CONFLICT, UNAVAILABLE),
            // relationship lifecycle: each decision is logged before it is answered
            row("GET /api/v1/partners/{partnerId}/relationship-request", NOT_FOUND, UNAVAILABLE),
            row("POST /api/v1/partners/{partnerId}/relationship-request/email-check", NOT_FOUND, UNAVAILABLE),
            row("POST /api/v1/customers/{customerId}/relationship-acceptances", NOT_FOUND, CONFLICT, UNAVAILABLE),
            row("GET /api/v1/customers/{customerId}/partner-relationships", NOT_FOUND, UNAVAILABLE),
            row("GET /api/v1/partners/{partnerId}/customers", NOT_FOUND, UNAVAILABLE),
            row("DELETE /api/v1/customers/{customerId}/partner-relationships/{partnerId}/delegated-admin", NOT_FOUND, CONFLICT, UNAVAILABLE),
            row("DELETE /api/v1/customers/{customerId}/delegated-admin", NOT_FOUND, CONFLICT, UNAVAILABLE),
            row("POST /api/v1/customers/{customerId}/partner-relationships/{partnerId}/renegotiation", NOT_FOUND, CONFLICT, UNAVAILABLE),
            // authorization: an unknown customer, partner or subscription is 404
            row("POST /api/v1/decisions", NOT_FOUND, UNAVAILABLE),
            row("POST /api/v1/decisions/batch", NOT_FOUND, UNAVAILABLE),
            // decision log (auditors)
            row("GET /api/v1/decision-log", UNAVAILABLE),
            row("GET /api/v1/decision-log/export", UNAVAILABLE),
            row("GET /api/v1/decision-log/verification", UNAVAILABLE),
            row("POST /api/v1/decision-log/verification", UNAVAILABLE),
            row("GET /api/v1/decision-log/checkpoints"),
            row("POST /api/v1/decision-log/checkpoints", TOO_MANY, UNAVAILABLE),
            row("GET /api/v1/decision-log/{decisionId}", NOT_FOUND, UNAVAILABLE),
            // rules (compliance): validate and reload run one at a time, under a deadline
            row("GET /api/v1/rules"),
            row("GET /api/v1/rules/history", UNAVAILABLE),
            row("POST /api/v1/rules/reload", CONFLICT, RULES_REJECTED, TOO_MANY, UNAVAILABLE),
            row("POST /api/v1/rules/validate", RULES_REJECTED, TOO_MANY, UNAVAILABLE),
            // operations: 409 while the link secret comes from configuration
            row("POST /api/v1/link-keys/rotation", CONFLICT, UNAVAILABLE));

    /**
     * Routes with more than one success status, which the generated document cannot tell from the method's return type
     * (it lists one, 200): "METHOD path" to each status and what it means. Each carries the body of the generated answer.
     */
    public static final Map<String, Map<Integer, String>> SUCCESSES = Map.of(
            "POST /api/v1/decision-log/checkpoints", Map.of(
                    201, "The current head was signed; the new checkpoint was appended to the checkpoint file.",
                    200, "The log has not grown since the latest checkpoint: that one is the answer, and nothing was written."));

    /** Answers that are not JSON: "METHOD path" to the media types of the successful answer (a text body each). */
    public static final Map<String, List<String>> NOT_JSON = Map.of(
            "GET /api/v1/decision-log/export", List.of("application/x-ndjson", "text/csv"),
            "GET /metrics", List.of("text/plain"));

    private static final Map<Integer, String> RESPONSE_NAMES = Map.ofEntries(
            Map.entry(400, "BadRequest"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "NotFound"), Map.entry(409, "Conflict"), Map.entry(413, "PayloadTooLarge"),
            Map.entry(415, "UnsupportedMediaType"), Map.entry(422, "RulesRejected"), Map.entry(429, "TooManyRequests"),
            Map.entry(500, "InternalServerError"), Map.entry(503, "ServiceUnavailable"));

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiAnswers() {
    }

    /** The generated document with every problem answer and non-JSON media type added, as YAML. */
    @SuppressWarnings("unchecked")
    public static String complete(String generatedYaml) {
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(generatedYaml);
        Map<String, Object> paths = (Map<String, Object>) document.getOrDefault("paths", Map.of());
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                complete(method.toUpperCase() + " " + path, (Map<String, Object>) operation);
            }
        }));
        Map<String, Object> components = (Map<String, Object>) document.computeIfAbsent("components", k -> new LinkedHashMap<>());
        ((Map<String, Object>) components.computeIfAbsent("schemas", k -> new LinkedHashMap<>())).putAll(schemas());
        ((Map<String, Object>) components.computeIfAbsent("headers", k -> new LinkedHashMap<>())).put("Retry-After", map(
                "description", "Seconds to wait before trying again.",
                "schema", map("type", "integer", "minimum", 1)));
        ((Map<String, Object>) components.computeIfAbsent("responses", k -> new LinkedHashMap<>())).putAll(responses());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDereferenceAliases(true);
        options.setWidth(120);
        return new Yaml(new Representer(options), options).dump(document);
    }

    @SuppressWarnings("unchecked")
    private static void complete(String route, Map<String, Object> operation) {
        for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
            if ("header".equals(parameter.get("in")) && Idempotency.HEADER.equals(parameter.get("name"))) {
                // read by IdempotencyFilter, not bound by the method: micronaut-openapi cannot tell its type
                parameter.put("schema", map("type", "string", "minLength", 1, "maxLength", 255));
            }
        }
        Map<String, Object> responses = (Map<String, Object>) operation.computeIfAbsent("responses", k -> new LinkedHashMap<>());
        Map<Integer, String> successes = SUCCESSES.get(route);
        if (successes != null) {
            Object content = responses.values().stream().map(r -> ((Map<String, Object>) r).get("content")).filter(c -> c != null)
                    .findFirst().orElse(null);
            responses.keySet().removeIf(status -> status.startsWith("2"));
            successes.forEach((status, description) -> {
                Map<String, Object> response = map("description", description);
                if (content != null) {
                    response.put("content", copy(content));
                }
                responses.put(Integer.toString(status), response);
            });
        }
        List<String> mediaTypes = NOT_JSON.get(route);
        if (mediaTypes != null) {
            responses.forEach((status, response) -> {
                if (status.startsWith("2")) {
                    Map<String, Object> content = new LinkedHashMap<>();
                    mediaTypes.forEach(type -> content.put(type, map("schema", map("type", "string"))));
                    ((Map<String, Object>) response).put("content", content);
                }
            });
        }
        if (!route.contains(" " + API_PREFIX)) {
            return;
        }
        Set<Integer> statuses = new TreeSet<>(EVERY_ROUTE);
        if (operation.containsKey("requestBody")) {
            statuses.addAll(WITH_BODY);
        }
        Set<Integer> specific = ROUTES.get(route);
        if (specific == null) {
            LOG.warn("The OpenAPI document lists {}, which OpenApiAnswers.ROUTES does not know: only its common answers are documented", route);
        } else {
            statuses.addAll(specific);
        }
        for (int status : statuses) {
            responses.putIfAbsent(Integer.toString(status), map("$ref", "#/components/responses/" + RESPONSE_NAMES.get(status)));
        }
        Map<String, Object> sorted = new LinkedHashMap<>();
        responses.keySet().stream().sorted().forEach(k -> sorted.put(k, responses.get(k)));
        responses.clear();
        responses.putAll(sorted);
    }

    private static Map<String, Object> responses() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("BadRequest", problem("The request is not valid: a malformed id, query parameter or header, or a JSON body that is "
                + "malformed, of the wrong shape or holds an unknown value. 'detail' says what to fix; 'errors' names each field "
                + "when there are several. Nothing changed.", false));
        r.put("Unauthorized", problem("No bearer token, or one the service does not accept (malformed, expired, wrong signature, "
                + "issuer or audience, unknown role).", false));
        r.put("Forbidden", problem("The token's roles do not allow this route, or it belongs to another tenant. Nothing changed.", false));
        r.put("NotFound", problem("The partner, customer, subscription or decision named in the request does not exist.", false));
        r.put("Conflict", problem("The Idempotency-Key was already used for a different request, or its first request is still "
                + "running; on rules reload, the folder does not hold 'expectedVersion'; on link-key rotation, the link secret comes "
                + "from configuration. Nothing changed.", false));
        r.put("PayloadTooLarge", problem("The body is larger than the service accepts.", false));
        r.put("UnsupportedMediaType", problem("The body is not sent as application/json.", false));
        r.put("RulesRejected", map(
                "description", "The candidate rules were refused: they leave the rule language profile, do not compile, fail a "
                        + "scenario, run past the deadline, or use a code without a message. The active rules stay as they were.",
                "content", map(Problem.MEDIA_TYPE, map("schema", map("$ref", "#/components/schemas/RulesRejected")))));
        r.put("TooManyRequests", problem("Asked again too soon: another rules validation or reload is running, or a checkpoint was "
                + "taken on demand within the interval. Nothing was done; try again after Retry-After seconds.", true));
        r.put("InternalServerError", problem("The service could not complete the request and nothing was changed; 'detail' carries "
                + "a reference for the operator.", false));
        r.put("ServiceUnavailable", problem("The service cannot answer now: the database is unreachable, the decision could not be "
                + "logged, the rules ran past their evaluation budget, or the service is stopping. Nothing was decided or changed; "
                + "try again after Retry-After seconds.", true));
        return r;
    }

    private static Map<String, Object> problem(String description, boolean retryAfter) {
        Map<String, Object> response = map("description", description);
        if (retryAfter) {
            response.put("headers", map("Retry-After", map("$ref", "#/components/headers/Retry-After")));
        }
        response.put("content", map(Problem.MEDIA_TYPE, map("schema", map("$ref", "#/components/schemas/Problem"))));
        return response;
    }

    /** The shapes of {@link Problem} and of the rules' refusal (the {@code rules} feature's RulesRejected.Body). */
    private static Map<String, Object> schemas() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Problem", map(
                "type", "object",
                "description", "An RFC 9457 problem detail: 'title' says what went wrong, 'detail' how to fix it.",
                "required", List.of("type", "title", "status", "detail"),
                "properties", map(
                        "type", map("type", "string", "example", "about:blank"),
                        "title", map("type", "string"),
                        "status", map("type", "integer"),
                        "detail", map("type", "string"),
                        "errors", map("type", "array", "nullable", true, "description", "One entry per field when there are several problems.",
                                "items", map("$ref", "#/components/schemas/Problem.FieldError")))));
        s.put("Problem.FieldError", map(
                "type", "object",
                "required", List.of("message"),
                "properties", map(
                        "field", map("type", "string", "nullable", true),
                        "message", map("type", "string"))));
        s.put("RulesRejected", map(
                "type", "object",
                "description", "A problem detail naming each error's file, line and column; the active rules are untouched.",
                "required", List.of("type", "title", "status", "detail", "errors", "activeVersion"),
                "properties", map(
                        "type", map("type", "string", "example", "about:blank"),
                        "title", map("type", "string"),
                        "status", map("type", "integer", "example", 422),
                        "detail", map("type", "string"),
                        "errors", map("type", "array", "items", map("$ref", "#/components/schemas/RulesRejected.Error")),
                        "version", map("type", "string", "nullable", true, "description", "The candidate's version, when it could be computed."),
                        "activeVersion", map("type", "string", "description", "The version that stays in service."))));
        s.put("RulesRejected.Error", map(
                "type", "object",
                "required", List.of("file", "line", "column", "message"),
                "properties", map(
                        "file", map("type", "string"),
                        "line", map("type", "integer"),
                        "column", map("type", "integer"),
                        "message", map("type", "string"))));
        return s;
    }

    private static Map.Entry<String, Set<Integer>> row(String route, Integer... statuses) {
        return Map.entry(route, Set.of(statuses));
    }

    /** A deep copy of a part of the document, so that no part appears twice (the YAML then needs no alias). */
    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(OpenApiAnswers::copy).toList();
        }
        return value;
    }

    /** A fresh, ordered map each time: the YAML keeps the order and never needs an alias. */
    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
