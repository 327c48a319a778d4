package io.relationshippolicy.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organisation's identity provider for page sign-in, from the environment: {@code POLICY_OIDC_ISSUER} (its
 * issuer URL; discovery finds the rest), {@code POLICY_OIDC_CLIENT_ID} and {@code POLICY_OIDC_CLIENT_SECRET}.
 * Without an issuer, no OpenID Connect client exists and the sign-in page offers only what else is configured.
 */
public final class OidcSettings {

    private static final String CLIENT = "micronaut.security.oauth2.clients." + OidcSignIn.PROVIDER + ".";

    private OidcSettings() {
    }

    /** The Micronaut properties that define the client, or none when no issuer is set; refuses a half configuration. */
    public static Map<String, Object> properties(Map<String, String> environment) {
        String issuer = environment.get("POLICY_OIDC_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            return Map.of();
        }
        String clientId = environment.get("POLICY_OIDC_CLIENT_ID");
        String secret = environment.get("POLICY_OIDC_CLIENT_SECRET");
        if (clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalStateException("POLICY_OIDC_ISSUER is set, so POLICY_OIDC_CLIENT_ID and POLICY_OIDC_CLIENT_SECRET must be "
                    + "set too: the client this service is registered as at your identity provider.");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CLIENT + "openid.issuer", issuer.strip());
        properties.put(CLIENT + "client-id", clientId.strip());
        properties.put(CLIENT + "client-secret", secret.strip());
        properties.put(CLIENT + "scopes", List.of("openid", "profile", "email"));
        return properties;
    }
}
