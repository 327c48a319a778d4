package io.relationshippolicy.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.oauth2.endpoint.authorization.state.State;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdClaims;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import io.micronaut.core.async.publisher.Publishers;
import io.relationshippolicy.security.Roles;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who signed in through the organisation's identity provider: the ID token's {@code sub}, and its
 * {@code tenant} and {@code roles} claims read exactly as an API token's are. Roles outside the documented
 * ones, or a partner or customer role without a tenant, refuse the sign-in.
 */
@Singleton
@Named(OidcSignIn.PROVIDER)
public class OidcIdentities implements OpenIdAuthenticationMapper {

    static final String NO_ROLE = "no-role";
    static final String UNKNOWN_ROLE = "unknown-role";
    static final String NO_TENANT = "no-tenant";
    static final List<String> REASONS = List.of(NO_ROLE, UNKNOWN_ROLE, NO_TENANT);

    private static final Logger LOG = LoggerFactory.getLogger(OidcIdentities.class);

    @Override
    public Publisher<AuthenticationResponse> createAuthenticationResponse(String providerName, OpenIdTokenResponse tokenResponse,
                                                                         OpenIdClaims claims, @Nullable State state) {
        return Publishers.just(map(claims.getSubject(), claims.getClaims()));
    }

    static AuthenticationResponse map(String sub, Map<String, Object> claims) {
        Set<String> roles = new LinkedHashSet<>();
        Object claimed = claims.get("roles");
        if (claimed instanceof Collection<?> many) {
            many.forEach(r -> roles.add(String.valueOf(r)));
        } else if (claimed != null) {
            roles.add(claimed.toString());
        }
        Object tenantClaim = claims.get("tenant");
        String tenant = tenantClaim instanceof String t && !t.isBlank() ? t : null;
        String refusal = null;
        if (roles.isEmpty()) {
            refusal = NO_ROLE;
        } else if (!Roles.ALL.containsAll(roles)) {
            refusal = UNKNOWN_ROLE;
        } else if (tenant == null && roles.stream().anyMatch(Roles.TENANT_ROLES::contains)) {
            refusal = NO_TENANT;
        }
        if (refusal != null) {
            LOG.info("Sign-in refused for sub={}: {}", io.relationshippolicy.system.Logs.safe(sub), refusal);
            return AuthenticationResponse.failure(refusal);
        }
        return AuthenticationResponse.success(sub, roles, tenant == null ? Map.of() : Map.of("tenant", tenant));
    }
}
