package io.relationshippolicy.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
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

    // ------------------------------------------------------------------------------------------ checks

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static void refusedChangesNothing(Route route, Call call) throws Exception {
        Map<String, String> before = DatabaseSnapshot.take(database);
        HttpResponse<String> response = call.send();
        int status = response.statusCode();
        assertTrue(status < 500, route + " answered " + status + ": " + response.body());
        if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), route + " " + status + " answered " + type + ": " + response.body());
            Map<?, ?> problem = JSON.readValue(response.body(), Map.class);
            assertTrue(problem.get("detail") instanceof String detail && !detail.isBlank(), response.body());
            assertTrue(!response.body().contains("Exception") && !response.body().contains("io.micronaut"), response.body());
            assertEquals(before, DatabaseSnapshot.take(database), route + " refused with " + status + " but the database changed");
        }
    }

    // ------------------------------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Route> routes() {
        return Arbitraries.of(routes);
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
