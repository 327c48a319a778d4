package io.relationshippolicy.security;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Tokens an attacker could send: unsigned ({@code alg: none}) and friends. */
final class Tokens {

    private Tokens() {
    }

    static String unsigned(String sub, String tenant, List<String> roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(sub).claim("roles", roles)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return new PlainJWT(claims.build()).serialize();
    }

    static String describe(String token) {
        if (token == null) {
            return "(none)";
        }
        return token.length() > 24 ? token.substring(0, 24) + "..." : token;
    }
}
