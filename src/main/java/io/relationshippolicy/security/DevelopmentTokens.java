package io.relationshippolicy.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs caller tokens with the installation's HS256 secret: what the {@code token} command ({@link TokenCommand})
 * prints, and what the tests use. Production deployments get tokens from their identity provider instead.
 */
public final class DevelopmentTokens {

    private DevelopmentTokens() {
    }

    public static String sign(String secret, String sub, String tenant, List<String> roles, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("roles", List.copyOf(roles))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(ttl)));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the token: " + e.getMessage(), e);
        }
    }
}
