package io.relationshippolicy.security;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers the HS256 signature (typed as the interface: the {@code SecretSignature} class carries an
 * {@code @EachBean} that would make this bean depend on a property-based configuration) that verifies caller tokens. In the {@code prod} environment the service
 * refuses to start unless a secret or a JWKS URL (for an identity provider) is configured.
 */
@Factory
public class JwtSignatureFactory {

    @Singleton
    @Named("policy")
    SignatureGeneratorConfiguration policySignature(Environment environment,
                                    @Nullable @Value("${policy.jwt.secret:}") String secret,
                                    @Nullable @Value("${policy.jwt.jwks-url:}") String jwksUrl,
                                    @Value("${policy.data-dir:./data}") String dataDir) {
        Optional<String> configured = JwtSecrets.configured(secret);
        boolean production = environment.getActiveNames().contains("prod");
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
