package io.relationshippolicy.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.security.AccessTable.Route;
import io.relationshippolicy.security.AccessTable.Tenants;
import io.relationshippolicy.security.AccessTable.Who;
import io.relationshippolicy.support.DatabaseSnapshot;
import io.relationshippolicy.support.TestTokens;
import io.relationshippolicy.system.Database;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and malformed bodies, ids and headers sent to every route over real HTTP: never a server error,
 * and a request that is refused (4xx) answers problem+json and changes nothing at all, decision log
 * included. One service is started for the whole class (jqwik and {@code @MicronautTest} do not share a
 * lifecycle). The route list is the access table, so routes merged later are exercised too.
 */
class BadInputPropertiesTest {

    private static EmbeddedServer server;
    private static Database database;
    private static DecisionJournal journal;
    private static HttpClient http;
    private static Tenants tenants;
    private static List<Route> routes;
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static final List<String> FIELDS = List.of("name", "cloud", "program", "service", "resellerOfRecord", "body",
            "link", "services", "terminate", "partnerId", "customerId", "action", "subscriptionId", "requests", "files");
    private static final List<String> KNOWN_VALUES = List.of("PUBLIC", "GERMANY", "CSP", "NON_CSP", "AZURE", "MICROSOFT_365",
            "ADMINISTER_SERVICE", "PROVIDE_SUPPORT", "BILLING", "true");

    @BeforeContainer
    static void startTheService() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, "test");
        database = server.getApplicationContext().getBean(Database.class);
        journal = server.getApplicationContext().getBean(DecisionJournal.class);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Tenants ids = new Tenants("P-" + run, "P2-" + run, "C-" + run, "C2-" + run, "S-" + run, "none");
        String operator = TestTokens.operator();
        for (String p : List.of(ids.partner(), ids.otherPartner())) {
            expect(200, send("PUT", "/api/v1/partners/" + p, operator, json(Map.of("name", "Partner", "cloud", "PUBLIC", "program", "CSP")), null));
        }
        for (String c : List.of(ids.customer(), ids.otherCustomer())) {
            expect(200, send("PUT", "/api/v1/customers/" + c, operator, json(Map.of("name", "Customer", "cloud", "PUBLIC")), null));
        }
        expect(200, send("PUT", "/api/v1/customers/" + ids.customer() + "/subscriptions/" + ids.subscription(), operator,
                json(Map.of("service", "AZURE", "resellerOfRecord", ids.partner())), null));
        HttpResponse<String> link = send("GET", "/api/v1/partners/" + ids.partner() + "/relationship-request", TestTokens.partner(ids.partner()), null, null);
        expect(200, link);
        Map<?, ?> issued = JSON.readValue(link.body(), Map.class);
        expect(200, send("POST", "/api/v1/customers/" + ids.customer() + "/relationship-acceptances", TestTokens.customerAdmin(ids.customer()),
                json(Map.of("link", issued.get("link"), "services", List.of("AZURE"))), null));
        tenants = new Tenants(ids.partner(), ids.otherPartner(), ids.customer(), ids.otherCustomer(), ids.subscription(),
                (String) issued.get("decisionId"));
        routes = registeredRoutes();
    }

    @AfterContainer
    static void stopTheService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    // ------------------------------------------------------------------------------------------ properties

    @Property(tries = 150)
    void randomBodiesFromAnAllowedCaller(@ForAll("writeRoutes") Route route, @ForAll("bodies") String body) throws Exception {
        refusedChangesNothing(route, () -> send(route.method(), route.concretePath(tenants), allowedToken(route, null), body, "application/json"));
    }

    @Property(tries = 150)
    void randomIdsInThePathFromACallerOfThatTenant(@ForAll("routes") Route route, @ForAll("ids") String partnerId,
                                                   @ForAll("ids") String customerId, @ForAll("ids") String otherId) throws Exception {
        String path = route.path()
                .replace("{partnerId}", encode(partnerId))
                .replace("{customerId}", encode(customerId))
                .replace("{subscriptionId}", encode(otherId))
                .replace("{decisionId}", encode(otherId));
        Who who = route.allowed().iterator().next();
        String tenant = who.tenancy == AccessTable.Tenancy.NONE ? null : (who.role.equals(Roles.PARTNER) ? partnerId : customerId);
        Object body = route.body().apply(tenants);
        refusedChangesNothing(route, () -> send(route.method(), path, TestTokens.token(who.role, tenant), body == null ? null : json(body), "application/json"));
    }

    @Property(tries = 150)
    void randomHeaders(@ForAll("routes") Route route, @ForAll("authorizations") String authorization, @ForAll boolean validToken,
                       @ForAll("contentTypes") String contentType, @ForAll("headerText") String language) throws Exception {
        Object body = route.body().apply(tenants);
        String sent = validToken ? "Bearer " + allowedToken(route, null) : authorization;
        refusedChangesNothing(route, () -> send(route.method(), route.concretePath(tenants), null, body == null ? null : json(body), contentType,
                "Authorization", sent, "Accept-Language", language));
    }

    @Property(tries = 100)
    void signedTokensWithRandomClaims(@ForAll("routes") Route route, @ForAll("claims") Map<String, Object> claims) throws Exception {
        String token = signed(claims);
        Object body = route.body().apply(tenants);
        refusedChangesNothing(route, () -> send(route.method(), route.concretePath(tenants), token, body == null ? null : json(body), "application/json"));
    }

    /** Accept-Language headers the framework cannot read: no preference, so English, on every route and on /health. */
    @Property(tries = 40)
    void unreadableAcceptLanguageIsNoPreference(@ForAll("routesAndHealth") Route route, @ForAll("unreadableLanguages") String language,
                                                @ForAll boolean withToken) throws Exception {
        Object body = route.body().apply(tenants);
        String token = withToken && !route.allowed().isEmpty() ? allowedToken(route, null) : null;
        withoutStackTraces(() -> {
            refusedChangesNothing(route, () -> {
            HttpResponse<String> response = sendRaw(route.method(), route.concretePath(tenants), token, body == null ? null : json(body),
                    "Accept-Language", language);
            if (response.body().contains("\"message\"")) {
                assertMessagesInEnglish(JSON.readValue(response.body(), Object.class), route);
            }
            return response;
            });
            return null;
        });
    }

    /** A value of another JSON type than the body field's, anywhere a body is read: 400 naming the field, nothing changed. */
    @Property(tries = 50)
    void valuesOfTheWrongJsonTypeAreRefused(@ForAll("bodyRoutes") Route route, @ForAll("picks") int pick, @ForAll("picks") int variant) throws Exception {
        @SuppressWarnings("unchecked") Map<String, Object> valid = (Map<String, Object>) route.body().apply(tenants);
        List<String> fields = new ArrayList<>(valid.keySet());
        String field = fields.get(pick % fields.size());
        List<Object> wrong = wrongTypes(valid.get(field));
        Map<String, Object> body = new LinkedHashMap<>(valid);
        body.put(field, wrong.get(variant % wrong.size()));
        HttpResponse<String> response = refusal(route, json(body));
        assertEquals(400, response.statusCode(), route + " accepted " + json(body) + ": " + response.body());
        assertTrue(JSON.readValue(response.body(), Map.class).get("detail").toString().contains("'" + field + "' has "), response.body());
    }

    /** A key twice in one object, or anything but white space after the JSON value: 400, nothing changed. */
    @Property(tries = 40)
    void duplicateKeysAndTrailingContentAreRefused(@ForAll("writeRoutes") Route route, @ForAll boolean duplicate,
                                                   @ForAll("trailers") String trailer) throws Exception {
        Object valid = route.body().apply(tenants);
        String text = json(valid);
        String sent;
        if (duplicate) {
            @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) valid;
            String key = fields.isEmpty() ? "extra" : fields.keySet().iterator().next();
            Object value = fields.isEmpty() ? 1 : fields.get(key);
            sent = "{" + json(key) + ":" + json(value) + "," + json(key) + ":" + json(value) + (fields.isEmpty() ? "}" : "," + text.substring(1));
        } else {
            sent = text + trailer;
        }
        HttpResponse<String> response = refusal(route, sent);
        assertEquals(400, response.statusCode(), route + " accepted " + sent + ": " + response.body());
        String detail = JSON.readValue(response.body(), Map.class).get("detail").toString();
        assertTrue(detail.contains(duplicate ? "appears twice" : "more than one JSON value"), detail);
    }

    /** Tokens whose nbf or iat lies beyond the clock skew (60 s) in the future: 401 on every route, nothing changed. */
    @Property(tries = 40)
    void tokensFromTheFutureAreRefused(@ForAll("routes") Route route, @ForAll boolean notBefore,
                                       @ForAll("secondsBeyondTheSkew") long ahead) throws Exception {
        Map<String, Object> claims = claimsOf(route);
        claims.put(notBefore ? "nbf" : "iat", Instant.now().getEpochSecond() + ahead);
        HttpResponse<String> response = refusal(route, signed(claims));
        assertEquals(401, response.statusCode(), route + " with " + (notBefore ? "nbf" : "iat") + " +" + ahead + "s: " + response.body());
    }

    /** Within the clock skew, a token issued "a little in the future" by a clock slightly ahead is honoured. */
    @Property(tries = 10)
    void tokensWithinTheClockSkewAreHonoured(@ForAll("readRoutes") Route route, @ForAll boolean notBefore,
                                             @ForAll("secondsWithinTheSkew") long ahead) throws Exception {
        Map<String, Object> claims = claimsOf(route);
        claims.put(notBefore ? "nbf" : "iat", Instant.now().getEpochSecond() + ahead);
        String token = signed(claims);
        Object body = route.body().apply(tenants);
        HttpResponse<String> response = send(route.method(), route.concretePath(tenants), token, body == null ? null : json(body), "application/json");
        assertTrue(response.statusCode() != 401 && response.statusCode() != 403, route + " refused a token within the skew: " + response.body());
    }

    /** A role outside the documented six, next to a valid one: 401, so it never reaches a controller or the log. */
    @Property(tries = 40)
    void undocumentedRolesAreRefused(@ForAll("routes") Route route, @ForAll("undocumentedRoles") String role) throws Exception {
        Map<String, Object> claims = claimsOf(route);
        List<Object> roles = new ArrayList<>((List<?>) claims.get("roles"));
        roles.add(role);
        claims.put("roles", roles);
        HttpResponse<String> response = refusal(route, signed(claims));
        assertEquals(401, response.statusCode(), route + " with role " + role + ": " + response.body());
    }

    // ------------------------------------------------------------------------------------------ checks

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static void refusedChangesNothing(Route route, Call call) throws Exception {
        Map<String, String> before = DatabaseSnapshot.take(database, journal);
        HttpResponse<String> response = call.send();
        int status = response.statusCode();
        assertTrue(status < 500, route + " answered " + status + ": " + response.body());
        if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), route + " " + status + " answered " + type + ": " + response.body());
            Map<?, ?> problem = JSON.readValue(response.body(), Map.class);
            assertTrue(problem.get("detail") instanceof String detail && !detail.isBlank(), response.body());
            assertTrue(!response.body().contains("Exception") && !response.body().contains("io.micronaut"), response.body());
            assertEquals(before, DatabaseSnapshot.take(database, journal), route + " refused with " + status + " but the database changed");
        }
    }

    /** Sends the route's request with the given body (JSON text) or, for a token, the route's own body; asserts a refusal that changed nothing. */
    private static HttpResponse<String> refusal(Route route, String bodyOrToken) throws Exception {
        boolean token = bodyOrToken.chars().filter(ch -> ch == '.').count() == 2 && !bodyOrToken.startsWith("{");
        Object body = route.body().apply(tenants);
        @SuppressWarnings("unchecked") HttpResponse<String>[] answer = new HttpResponse[1];
        refusedChangesNothing(route, () -> answer[0] = token
                ? send(route.method(), route.concretePath(tenants), bodyOrToken, body == null ? null : json(body), "application/json")
                : send(route.method(), route.concretePath(tenants), allowedToken(route, null), bodyOrToken, "application/json"));
        return answer[0];
    }

    /** The claims of a token the route admits, as a map to alter. */
    private static Map<String, Object> claimsOf(Route route) {
        Who who = route.allowed().iterator().next();
        Map<String, Object> claims = new LinkedHashMap<>();
        String tenant = who.tenant(tenants);
        claims.put("sub", (tenant == null ? who.role : tenant).toLowerCase() + "-user");
        if (tenant != null) {
            claims.put("tenant", tenant);
        }
        claims.put("roles", List.of(who.role));
        claims.put("exp", Instant.now().getEpochSecond() + 600);
        return claims;
    }

    /** JSON values of every other type than the valid one: a string may not be a number, true, an array or an object, and so on. */
    private static List<Object> wrongTypes(Object valid) {
        if (valid instanceof String text) {
            return List.of(List.of(text), 1, true, Map.of("value", text), 0.5);
        }
        if (valid instanceof Boolean flag) {
            return List.of(flag.toString(), 2, 1, 0, List.of(flag), Map.of());
        }
        if (valid instanceof Number number) {
            return List.of(number.toString(), true, List.of(number), Map.of());
        }
        if (valid instanceof List<?> list) {
            return List.of(list.isEmpty() ? "x" : json(list.get(0)), 1, true, Map.of());
        }
        return List.of("x", 1, true, List.of(valid));
    }

    private static void assertMessagesInEnglish(Object answer, Route route) {
        if (answer instanceof Map<?, ?> map) {
            if (map.get("code") instanceof String code && map.get("message") instanceof String message) {
                assertEquals(io.relationshippolicy.system.Messages.message(code, java.util.Locale.ENGLISH), message, route + ": not in English");
            }
            map.values().forEach(v -> assertMessagesInEnglish(v, route));
        } else if (answer instanceof List<?> list) {
            list.forEach(v -> assertMessagesInEnglish(v, route));
        }
    }

    private static void withoutStackTraces(Call call) throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            call.send();
        } finally {
            root.detachAppender(logged);
        }
        for (var event : logged.list) {
            assertTrue(event.getThrowableProxy() == null, "a stack trace was logged: " + event.getFormattedMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Route> routesAndHealth() {
        List<Route> all = new ArrayList<>(routes);
        all.add(new Route("GET", "/health", java.util.EnumSet.noneOf(Who.class), true, t -> null));
        return Arbitraries.of(all);
    }

    @Provide
    Arbitrary<Route> bodyRoutes() {
        return Arbitraries.of(routes.stream().filter(r -> r.body().apply(tenants) instanceof Map<?, ?> m && !m.isEmpty()).toList());
    }

    @Provide
    Arbitrary<Integer> picks() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<String> unreadableLanguages() {
        return Arbitraries.oneOf(Arbitraries.of(",", ";", ";;", ", ", ",,,", ",;", "; ,", ";q=1", ",en", ";;q=0.5,"),
                Arbitraries.strings().withChars(",; ").ofMinLength(1).ofMaxLength(8).filter(s -> !s.isBlank()));
    }

    @Provide
    Arbitrary<String> trailers() {
        return Arbitraries.oneOf(Arbitraries.of(" {}", "x", "}", "]", " 1", ",", " null", "\"x\"", " [true]", "{\"a\":1}"),
                Arbitraries.strings().withChars("{}[]\":,.-+0123456789 truefalsnu").ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank()));
    }

    @Provide
    Arbitrary<Long> secondsBeyondTheSkew() {
        return Arbitraries.oneOf(Arbitraries.longs().between(120, 7200), Arbitraries.longs().between(7200, 400L * 24 * 3600));
    }

    @Provide
    Arbitrary<Long> secondsWithinTheSkew() {
        return Arbitraries.longs().between(-3600, 30);
    }

    @Provide
    Arbitrary<String> undocumentedRoles() {
        return Arbitraries.oneOf(Arbitraries.of("=1+2", "ADMIN", "partner", "", " PARTNER", "AUDITOR ", "ROLE_AUDITOR", "*"),
                Arbitraries.strings().all().ofMaxLength(20))
                .filter(r -> !Roles.ALL.contains(r));
    }


    @Provide
    Arbitrary<Route> routes() {
        return Arbitraries.of(routes);
    }

    @Provide
    Arbitrary<Route> readRoutes() {
        return Arbitraries.of(routes.stream().filter(r -> r.method().equals("GET")).toList());
    }

    @Provide
    Arbitrary<Route> writeRoutes() {
        return Arbitraries.of(routes.stream().filter(r -> r.method().equals("PUT") || r.method().equals("POST")).toList());
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,.-+0123456789eE truefalsnu\\").ofMaxLength(60);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> shaped = jsonValue(3).map(BadInputPropertiesTest::json);
        Arbitrary<String> objects = objectOfKnownFields(3).map(BadInputPropertiesTest::json);
        Arbitrary<String> deep = Arbitraries.integers().between(100, 3000).map(n -> "[".repeat(n) + "]".repeat(n));
        return Arbitraries.frequencyOf(
                Tuple.of(2, jsonish), Tuple.of(1, anyText), Tuple.of(2, shaped),
                Tuple.of(5, objects), Tuple.of(1, deep), Tuple.of(1, Arbitraries.of("", "null", "{}", "[]", "\"\"")));
    }

    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.of(KNOWN_VALUES).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null));
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.oneOf(leaf, leaf,
                jsonValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) l),
                objectOfKnownFields(depth - 1).map(m -> (Object) m));
    }

    private static Arbitrary<Map<String, Object>> objectOfKnownFields(int depth) {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().all().ofMaxLength(12));
        return Arbitraries.maps(names, Arbitraries.lazy(() -> depth == 0 ? Arbitraries.strings().all().ofMaxLength(20).map(s -> (Object) s) : jsonValue(depth - 1)))
                .ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().withChars("abcXYZ019._-/%?#&=+ ~:;@!$'()*,").ofMinLength(1).ofMaxLength(70),
                Arbitraries.of("..", ".", "%00", "P-" + "x".repeat(62), "a".repeat(65), "null", "undefined", "' OR '1'='1", "C-1; DROP TABLE partner"));
    }

    @Provide
    Arbitrary<String> headerText() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120);
    }

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").ofMaxLength(60);
        Arbitrary<String> jwtShaped = Combinators.combine(segment, segment, segment).as((a, b, c) -> "Bearer " + a + "." + b + "." + c);
        Arbitrary<String> forgedHeader = Combinators.combine(Arbitraries.of("none", "None", "HS256", "RS256", "HS512", ""), segment)
                .as((alg, sig) -> "Bearer " + b64("{\"alg\":\"" + alg + "\"}") + "." + b64("{\"sub\":\"x\",\"roles\":[\"OPERATOR\"],\"exp\":4102444800}") + "." + sig);
        return Arbitraries.oneOf(headerText(), headerText().map(t -> "Bearer " + t), jwtShaped, forgedHeader,
                Arbitraries.of("", "Bearer", "Bearer ", "Basic b3BlcmF0b3I6c2VjcmV0", "bearer " + TestTokens.operator().substring(1)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=ISO-8859-1", "text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/problem+json", "a/b/c", ";;"),
                headerText());
    }

    @Provide
    Arbitrary<Map<String, Object>> claims() {
        Arbitrary<Object> roles = Arbitraries.frequencyOf(Tuple.of(4, 
                Arbitraries.of(Roles.PARTNER, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER, Roles.OPERATOR, Roles.COMPLIANCE, Roles.AUDITOR, "ADMIN", "partner", "")
                        .list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(1, jsonValue(1)));
        // mostly well-formed, so that many tokens pass authentication and reach the role and tenant checks
        Arbitrary<Object> tenant = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(tenants.partner(), tenants.customer(), tenants.otherPartner(), "").map(t -> (Object) t)),
                Tuple.of(1, jsonValue(1)));
        Arbitrary<Object> sub = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(s -> (Object) s)),
                Tuple.of(1, jsonValue(1)));
        Arbitrary<Object> exp = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(4_000_000_000L, 4_102_444_800L).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.longs().between(0, 4_102_444_800L).map(l -> (Object) l)),
                Tuple.of(1, jsonValue(0)));
        Arbitrary<Integer> omitted = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 15)));
        return Combinators.combine(roles, tenant, sub, exp, omitted).as((r, t, s, e, omit) -> {
            Map<String, Object> claims = new LinkedHashMap<>();
            if ((omit & 1) == 0) {
                claims.put("roles", r);
            }
            if ((omit & 2) == 0) {
                claims.put("tenant", t);
            }
            if ((omit & 4) == 0) {
                claims.put("sub", s);
            }
            if ((omit & 8) == 0) {
                claims.put("exp", e);
            }
            return claims;
        });
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private static List<Route> registeredRoutes() {
        var router = server.getApplicationContext().getBean(io.micronaut.web.router.Router.class);
        List<String> registered = router.uriRoutes()
                .map(r -> r.getHttpMethodName() + " " + Route.shape(r.getUriMatchTemplate().toString())).toList();
        List<Route> present = new ArrayList<>();
        for (Route route : AccessTable.ROUTES) {
            if (registered.contains(route.method() + " " + route.shape())) {
                present.add(route);
            }
        }
        return present;
    }

    private static String allowedToken(Route route, String tenantOverride) {
        Who who = route.allowed().iterator().next();
        return TestTokens.token(who.role, tenantOverride != null ? tenantOverride : who.tenant(tenants));
    }

    private static String signed(Map<String, Object> claims) {
        try {
            var header = new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256);
            var payload = new com.nimbusds.jose.Payload(JSON.writeValueAsString(claims));
            var jws = new com.nimbusds.jose.JWSObject(header, payload);
            jws.sign(new com.nimbusds.jose.crypto.MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
    }

    /** Like {@link #send}, but header values go as they are (a JSON body, content type application/json). */
    private static HttpResponse<String> sendRaw(String method, String path, String token, String body, String header, String value)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header(header, value);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String token, String body, String contentType,
                                             String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null && !contentType.isBlank()) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            String value = headers[i + 1];
            if (value != null && !value.isBlank()) {
                request.header(headers[i], value.strip());
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
