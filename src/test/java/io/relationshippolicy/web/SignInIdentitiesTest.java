package io.relationshippolicy.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.security.authentication.AuthenticationResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may sign in to the pages, from which configuration: the identity provider's claims and the demo identities. */
class SignInIdentitiesTest {

    @Test
    void theProvidersClaimsAreReadAsAnApiTokensAre() {
        AuthenticationResponse admin = OidcIdentities.map("nora", Map.of("tenant", "C-1", "roles", List.of("CUSTOMER_ADMIN")));
        assertTrue(admin.isAuthenticated());
        assertEquals("C-1", admin.getAuthentication().orElseThrow().getAttributes().get("tenant"));
        assertEquals(List.of("CUSTOMER_ADMIN"), List.copyOf(admin.getAuthentication().orElseThrow().getRoles()));
        assertTrue(OidcIdentities.map("ada", Map.of("roles", "AUDITOR")).isAuthenticated(), "a staff role needs no tenant");

        assertEquals(OidcIdentities.NO_ROLE, OidcIdentities.map("x", Map.of("tenant", "C-1")).getMessage().orElseThrow());
        assertEquals(OidcIdentities.UNKNOWN_ROLE, OidcIdentities.map("x", Map.of("tenant", "C-1", "roles", List.of("ROOT"))).getMessage().orElseThrow());
        assertEquals(OidcIdentities.NO_TENANT, OidcIdentities.map("x", Map.of("roles", List.of("PARTNER"))).getMessage().orElseThrow());
        assertEquals(OidcIdentities.NO_TENANT, OidcIdentities.map("x", Map.of("roles", List.of("PARTNER"), "tenant", 42)).getMessage().orElseThrow(),
                "a tenant that is not a string names nobody");
    }

    @Test
    void theProviderComesFromTheEnvironmentWhole() {
        assertTrue(OidcSettings.properties(Map.of()).isEmpty(), "no issuer: no provider");
        Map<String, Object> properties = OidcSettings.properties(Map.of("POLICY_OIDC_ISSUER", "https://login.example/tenant/v2.0 ",
                "POLICY_OIDC_CLIENT_ID", "policy", "POLICY_OIDC_CLIENT_SECRET", "s3cret"));
        assertEquals("https://login.example/tenant/v2.0", properties.get("micronaut.security.oauth2.clients.oidc.openid.issuer"));
        assertEquals("policy", properties.get("micronaut.security.oauth2.clients.oidc.client-id"));
        IllegalStateException half = assertThrows(IllegalStateException.class,
                () -> OidcSettings.properties(Map.of("POLICY_OIDC_ISSUER", "https://login.example")));
        assertTrue(half.getMessage().contains("POLICY_OIDC_CLIENT_ID"), half.getMessage());
    }

    @Test
    void demoIdentitiesExistOnlyInDevelopmentWithTheDevelopmentSecret() {
        List<String> configured = List.of("ana@contoso.example|P-CONTOSO|PARTNER", "ada@audit.example||AUDITOR");
        try (ApplicationContext development = ApplicationContext.builder().environments("dev").build();
             ApplicationContext production = ApplicationContext.builder().environments("prod").build()) {
            DemoSignIn offered = new DemoSignIn(development.getEnvironment(), "", "", configured);
            assertTrue(offered.enabled());
            assertEquals(2, offered.identities().size());
            assertEquals(null, offered.find("ada@audit.example").orElseThrow().tenant());

            assertFalse(new DemoSignIn(production.getEnvironment(), "", "", configured).enabled(), "never in production");
            assertTrue(new DemoSignIn(production.getEnvironment(), "", "", configured).identities().isEmpty());
            assertFalse(new DemoSignIn(development.getEnvironment(), "a-configured-secret-of-at-least-32-bytes!!", "", configured).enabled(),
                    "not once tokens are signed with a configured secret");
            assertFalse(new DemoSignIn(development.getEnvironment(), "", "https://login.example/keys", configured).enabled(),
                    "not once tokens come from an identity provider");
        }
        assertThrows(IllegalStateException.class, () -> DemoSignIn.parse(List.of("someone|T|SUPERUSER")));
        assertThrows(IllegalStateException.class, () -> DemoSignIn.parse(List.of("missing-fields")));
    }
}
