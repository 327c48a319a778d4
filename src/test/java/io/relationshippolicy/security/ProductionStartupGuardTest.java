package io.relationshippolicy.security;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production environment does not start without a way to verify caller tokens, and says what to set. */
class ProductionStartupGuardTest {

    private static Map<String, Object> production(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", "jdbc:h2:mem:prod-guard-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        properties.put("policy.data-dir", "target/prod-guard-data");
        properties.put("policy.demo-data.enabled", false);
        properties.put("micronaut.server.port", -1);
        properties.putAll(extra);
        return properties;
    }

    private static ApplicationContext start(Map<String, Object> extra) {
        return ApplicationContext.builder().environments("prod").deduceEnvironment(false)
                .properties(production(extra)).start();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void refusesToStartWithNeitherSecretNorJwksUrlAndSaysWhatToSet() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> start(Map.of()).close());
        String said = messages(failure);
        assertTrue(said.contains("Refusing to start in the production environment"), said);
        assertTrue(said.contains("POLICY_JWT_SECRET") && said.contains("POLICY_JWT_JWKS_URL"), said);
    }

    @Test
    void refusesAJwksUrlWithoutAnAudience() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> start(Map.of("policy.jwt.jwks-url", "https://login.example.test/keys")).close());
        assertTrue(messages(failure).contains("POLICY_JWT_AUDIENCE"), messages(failure));
    }

    @Test
    void startsWithASecret() {
        try (ApplicationContext context = start(Map.of("policy.jwt.secret", "a-production-secret-of-at-least-32-bytes-0123"))) {
            assertTrue(context.isRunning());
            assertTrue(context.getEnvironment().getActiveNames().contains("prod"));
        }
    }

    @Test
    void startsWithAJwksUrlAndAnAudience() {
        try (ApplicationContext context = start(Map.of("policy.jwt.jwks-url", "https://login.example.test/keys",
                "policy.jwt.audience", "api://relationship-policy"))) {
            assertTrue(context.isRunning());
        }
    }

    @Test
    void refusesASecretTooShortForHs256() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> start(Map.of("policy.jwt.secret", "short")).close());
        assertTrue(messages(failure).contains("at least 32 bytes"), messages(failure));
    }
}
