package io.relationshippolicy.support;

import io.relationshippolicy.security.DevelopmentTokens;

import java.time.Duration;
import java.util.List;

/** Tokens signed with the test suite's secret (application-test.yml), as an identity provider would issue them. */
public final class TestTokens {

    public static final String SECRET = "test-secret-used-only-by-the-test-suite-0123456789";

    private TestTokens() {
    }

    public static String token(String role, String tenant) {
        return DevelopmentTokens.sign(SECRET, (tenant == null ? role : tenant).toLowerCase() + "-user", tenant, List.of(role), Duration.ofMinutes(30));
    }

    public static String partner(String partnerId) {
        return token("PARTNER", partnerId);
    }

    public static String customerAdmin(String customerId) {
        return token("CUSTOMER_ADMIN", customerId);
    }

    public static String customerUser(String customerId) {
        return token("CUSTOMER_USER", customerId);
    }

    public static String operator() {
        return token("OPERATOR", null);
    }

    public static String auditor() {
        return token("AUDITOR", null);
    }

    public static String compliance() {
        return token("COMPLIANCE", null);
    }
}
