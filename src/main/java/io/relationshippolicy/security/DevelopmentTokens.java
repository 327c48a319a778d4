package io.relationshippolicy.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Signs caller tokens with the installation's HS256 secret: what {@code java -jar ... token} prints, and
 * what the tests use. Production deployments get tokens from their identity provider instead.
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

    /**
     * {@code token --role PARTNER --tenant P-CONTOSO [--role ...] [--sub name] [--ttl-minutes 60]}: prints a
     * token signed with POLICY_JWT_SECRET, or with the installation's development secret.
     */
    public static int command(String[] args) {
        List<String> roles = new ArrayList<>();
        String tenant = null;
        String sub = null;
        long ttlMinutes = 60;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--role" -> { roles.add(value); i++; }
                case "--tenant" -> { tenant = value; i++; }
                case "--sub" -> { sub = value; i++; }
                case "--ttl-minutes" -> { ttlMinutes = Long.parseLong(value); i++; }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    return usage();
                }
            }
        }
        if (roles.isEmpty() || roles.contains(null) || !Roles.ALL.containsAll(roles)) {
            return usage();
        }
        String secret = JwtSecrets.configured(System.getenv("POLICY_JWT_SECRET"))
                .orElseGet(() -> JwtSecrets.developmentSecret(dataDir()));
        String subject = sub != null ? sub : (tenant != null ? tenant.toLowerCase() + "-user" : roles.get(0).toLowerCase() + "-user");
        System.out.println(sign(secret, subject, tenant, roles, Duration.ofMinutes(ttlMinutes)));
        return 0;
    }

    private static int usage() {
        System.err.println("usage: token --role ROLE [--role ROLE ...] [--tenant PARTNER_OR_CUSTOMER_ID] [--sub NAME] [--ttl-minutes N]");
        System.err.println("roles: PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE, AUDITOR");
        return 2;
    }

    /** The same folder the service uses: POLICY_DATA_DIR, else POLICY_HOME/data (or the policy.home property), else ./data. */
    static Path dataDir() {
        String dataDir = System.getenv("POLICY_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        String home = System.getProperty("policy.home", envOr("POLICY_HOME", "."));
        return Path.of(home, "data");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
