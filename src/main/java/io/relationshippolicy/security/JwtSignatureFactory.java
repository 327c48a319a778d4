package io.relationshippolicy.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers the HS256 signature (typed as the interface: the {@code SecretSignature} class carries an
 * {@code @EachBean} that would make this bean depend on a property-based configuration) that verifies caller tokens. In the {@code prod} environment the service
 * refuses to start unless a secret or a JWKS URL (for an identity provider) is configured: the bean is
 * created first at start-up ({@code @Context}) so that the refusal happens then, not on the first request.
 * With {@code POLICY_JWT_JWKS_URL}, tokens signed by the identity provider's published keys are accepted too.
 */
@Factory
public class JwtSignatureFactory {

    public static final String IDENTITY_PROVIDER = "identity-provider";

    /**
     * The identity provider's key set. Micronaut creates a JWKS signature for each such configuration bean,
     * fetches the keys on first use and caches them for {@code policy.jwt.jwks-cache-seconds}.
     */
    @Singleton
    @Named(IDENTITY_PROVIDER)
    @Requires(property = "policy.jwt.jwks-url", pattern = ".*\\S.*")
    JwksSignatureConfiguration identityProviderKeys(@Value("${policy.jwt.jwks-url}") String url,
                                                    @Value("${policy.jwt.jwks-key-type:RSA}") String keyType,
                                                    @Value("${policy.jwt.jwks-cache-seconds:300}") int cacheSeconds) {
        KeyType type = KeyType.parse(keyType.strip().toUpperCase());
        return new JwksSignatureConfiguration() {
            @Override
            public String getUrl() {
                return url.strip();
            }

            @Override
            public KeyType getKeyType() {
                return type;
            }

            @Override
            public Integer getCacheExpiration() {
                return cacheSeconds;
            }

            @Override
            public String getName() {
                return IDENTITY_PROVIDER;
            }
        };
    }

    @Context
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Named("policy")
    SignatureGeneratorConfiguration policySignature(Environment environment,
                                    @Nullable @Value("${policy.jwt.secret:}") String secret,
                                    @Nullable @Value("${policy.jwt.jwks-url:}") String jwksUrl,
                                    @Nullable @Value("${policy.jwt.audience:}") String audience,
                                    @Value("${policy.data-dir:./data}") String dataDir) {
        Optional<String> configured = JwtSecrets.configured(secret);
        boolean production = environment.getActiveNames().contains("prod");
        if (production && jwksUrl != null && !jwksUrl.isBlank() && (audience == null || audience.isBlank())) {
            // an identity provider signs tokens for every application it serves: without an audience check,
            // a token issued to another application (possibly with its own "roles") would be accepted here
            throw new IllegalStateException("Refusing to start in the production environment: POLICY_JWT_JWKS_URL is set "
                    + "but POLICY_JWT_AUDIENCE is not; set it to the audience your identity provider writes into this service's tokens.");
        }
        String effective;
        if (configured.isPresent()) {
            effective = configured.get();
        } else if (production) {
            if (jwksUrl == null || jwksUrl.isBlank()) {
                throw new IllegalStateException("Refusing to start in the production environment: set POLICY_JWT_SECRET "
                        + "(HS256, at least 32 bytes) or POLICY_JWT_JWKS_URL (your identity provider's JWKS endpoint).");
            }
            // tokens are verified against the identity provider's keys only; this secret verifies nothing
            effective = JwtSecrets.developmentSecret(Path.of(dataDir)) + ":unused-in-production";
            return unusable(effective);
        } else {
            effective = JwtSecrets.developmentSecret(Path.of(dataDir));
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("policy");
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        configuration.setSecret(effective);
        return new SecretSignature(configuration);
    }

    private static SecretSignature unusable(String secret) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("disabled");
        configuration.setJwsAlgorithm(JWSAlgorithm.HS512);
        configuration.setSecret(secret + secret);
        return new SecretSignature(configuration) {
            @Override
            public boolean supports(JWSAlgorithm algorithm) {
                return false;
            }
        };
    }
}
