package io.relationshippolicy.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.relationshippolicy.security.AccessTable.Who.AUDITOR;
import static io.relationshippolicy.security.AccessTable.Who.COMPLIANCE;
import static io.relationshippolicy.security.AccessTable.Who.CUSTOMER_ADMIN_OWN;
import static io.relationshippolicy.security.AccessTable.Who.CUSTOMER_USER_OWN;
import static io.relationshippolicy.security.AccessTable.Who.OPERATOR;
import static io.relationshippolicy.security.AccessTable.Who.PARTNER_OWN;

/**
 * The access rules of api.md as one table: every {@code /api/v1} route, and for each kind of caller whether
 * it gets through. A caller that is not listed for a route gets 403 and changes nothing; a request
 * without a valid token gets 401 on every route. "Own" means the token's tenant is the partner or
 * customer the request names (in the path, or in the body for {@code /decisions}); "other" means a token
 * of the same role for another, existing tenant. Getting through is access only: the request may still
 * be answered 400, 404 or a logged {@code DENY} (a customer user accepting a link is allowed to ask, C6).
 */
final class AccessTable {

    /** A kind of caller, relative to the tenant the request names. Staff roles carry no tenant. */
    enum Who {
        PARTNER_OWN(Roles.PARTNER, Tenancy.OWN),
        PARTNER_OTHER(Roles.PARTNER, Tenancy.OTHER),
        CUSTOMER_ADMIN_OWN(Roles.CUSTOMER_ADMIN, Tenancy.OWN),
        CUSTOMER_ADMIN_OTHER(Roles.CUSTOMER_ADMIN, Tenancy.OTHER),
        CUSTOMER_USER_OWN(Roles.CUSTOMER_USER, Tenancy.OWN),
        CUSTOMER_USER_OTHER(Roles.CUSTOMER_USER, Tenancy.OTHER),
        OPERATOR(Roles.OPERATOR, Tenancy.NONE),
        COMPLIANCE(Roles.COMPLIANCE, Tenancy.NONE),
        AUDITOR(Roles.AUDITOR, Tenancy.NONE);

        final String role;
        final Tenancy tenancy;

        Who(String role, Tenancy tenancy) {
            this.role = role;
            this.tenancy = tenancy;
        }

        /** The tenant claim this caller's token carries, for the given fixture. */
        String tenant(Tenants t) {
            boolean partner = role.equals(Roles.PARTNER);
            return switch (tenancy) {
                case OWN -> partner ? t.partner() : t.customer();
                case OTHER -> partner ? t.otherPartner() : t.otherCustomer();
                case NONE -> null;
            };
        }
    }

    enum Tenancy { OWN, OTHER, NONE }

    /** The ids a walk uses: the tenants requests name, another tenant of each kind, and existing records. */
    record Tenants(String partner, String otherPartner, String customer, String otherCustomer,
                   String subscription, String decisionId) {
    }

    /**
     * One route. {@code builtHere} is false for routes api.md defines that are built on another branch: until
     * they are merged, the walk asserts they do not answer at all (404); once registered, they are walked
     * like every other route.
     */
    record Route(String method, String path, Set<Who> allowed, boolean builtHere, Function<Tenants, Object> body) {

        String concretePath(Tenants t) {
            return path.replace("{partnerId}", t.partner())
                    .replace("{customerId}", t.customer())
                    .replace("{subscriptionId}", t.subscription())
                    .replace("{decisionId}", t.decisionId());
        }

        /** The template without query or parameter names, to compare with the router's: {@code /api/v1/partners/{}}. */
        String shape() {
            return shape(path);
        }

        static String shape(String template) {
            String withoutQuery = template.replaceAll("\\{[?&][^}]*}", "");
            int query = withoutQuery.indexOf('?');
            return (query < 0 ? withoutQuery : withoutQuery.substring(0, query)).replaceAll("\\{[^}]*}", "{}");
        }

        boolean allows(Who who) {
            return allowed.contains(who);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Function<Tenants, Object> NO_BODY = t -> null;

    static final List<Route> ROUTES = List.of(
            // Directory (OPERATOR)
            here("PUT", "/api/v1/partners/{partnerId}", t -> Map.of("name", "Contoso", "cloud", "PUBLIC", "program", "CSP"), OPERATOR),
            here("GET", "/api/v1/partners/{partnerId}", NO_BODY, OPERATOR),
            here("PUT", "/api/v1/customers/{customerId}", t -> Map.of("name", "Northwind", "cloud", "PUBLIC"), OPERATOR),
            here("GET", "/api/v1/customers/{customerId}", NO_BODY, OPERATOR),
            here("PUT", "/api/v1/customers/{customerId}/subscriptions/{subscriptionId}",
                    t -> Map.of("service", "AZURE", "resellerOfRecord", t.partner()), OPERATOR),
            here("GET", "/api/v1/customers/{customerId}/subscriptions/{subscriptionId}", NO_BODY, OPERATOR),
            here("DELETE", "/api/v1/customers/{customerId}/subscriptions/{subscriptionId}", NO_BODY, OPERATOR),

            // Relationship lifecycle
            here("GET", "/api/v1/partners/{partnerId}/relationship-request", NO_BODY, PARTNER_OWN),
            here("POST", "/api/v1/partners/{partnerId}/relationship-request/email-check", t -> Map.of("body", "Hello"), PARTNER_OWN),
            here("POST", "/api/v1/customers/{customerId}/relationship-acceptances",
                    t -> Map.of("link", "https://example.invalid/accept?partner=x&key=y&sig=z", "services", List.of("AZURE")),
                    CUSTOMER_ADMIN_OWN, CUSTOMER_USER_OWN),
            here("GET", "/api/v1/customers/{customerId}/partner-relationships", NO_BODY, CUSTOMER_ADMIN_OWN, CUSTOMER_USER_OWN, AUDITOR),
            here("GET", "/api/v1/partners/{partnerId}/customers", NO_BODY, PARTNER_OWN, AUDITOR),
            here("DELETE", "/api/v1/customers/{customerId}/partner-relationships/{partnerId}/delegated-admin", NO_BODY,
                    CUSTOMER_ADMIN_OWN, CUSTOMER_USER_OWN),
            here("DELETE", "/api/v1/customers/{customerId}/delegated-admin", NO_BODY, CUSTOMER_ADMIN_OWN, CUSTOMER_USER_OWN),
            here("POST", "/api/v1/customers/{customerId}/partner-relationships/{partnerId}/renegotiation",
                    t -> Map.of("terminate", true), PARTNER_OWN, CUSTOMER_ADMIN_OWN),

            // Authorization (PARTNER, its own partnerId only: the tenant is named in the body)
            here("POST", "/api/v1/decisions", t -> authorizationRequest(t), PARTNER_OWN),
            here("POST", "/api/v1/decisions/batch", t -> Map.of("requests", List.of(authorizationRequest(t))), PARTNER_OWN),

            // Decision log (AUDITOR)
            elsewhere("GET", "/api/v1/decision-log", NO_BODY, AUDITOR),
            elsewhere("GET", "/api/v1/decision-log/{decisionId}", NO_BODY, AUDITOR),
            elsewhere("GET", "/api/v1/decision-log/export?format=ndjson", NO_BODY, AUDITOR),
            elsewhere("GET", "/api/v1/decision-log/verification", NO_BODY, AUDITOR),

            // Rules (COMPLIANCE; auditors also read which version is in service and who activated what)
            here("GET", "/api/v1/rules", NO_BODY, COMPLIANCE, AUDITOR),
            here("POST", "/api/v1/rules/reload", t -> Map.of(), COMPLIANCE),
            here("POST", "/api/v1/rules/validate", t -> Map.of("files", Map.of(), "last", 10), COMPLIANCE),
            here("GET", "/api/v1/rules/history", NO_BODY, COMPLIANCE, AUDITOR),

            // Operations beyond api.md: rotation of the request-link signing key (OPERATOR)
            here("POST", "/api/v1/link-keys/rotation", t -> Map.of(), OPERATOR));

    private AccessTable() {
    }

    private static Map<String, Object> authorizationRequest(Tenants t) {
        return Map.of("partnerId", t.partner(), "customerId", t.customer(), "action", "PROVIDE_SUPPORT");
    }

    private static Route here(String method, String path, Function<Tenants, Object> body, Who... allowed) {
        return new Route(method, path, allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(allowed)), true, body);
    }

    private static Route elsewhere(String method, String path, Function<Tenants, Object> body, Who... allowed) {
        return new Route(method, path, EnumSet.copyOf(List.of(allowed)), false, body);
    }
}
