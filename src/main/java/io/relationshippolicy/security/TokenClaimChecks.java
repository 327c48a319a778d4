package io.relationshippolicy.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.relationshippolicy.system.Logs;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The claim checks a caller's token must pass besides its signature, each configurable:
 * {@code POLICY_JWT_ISSUER} (the {@code iss} the identity provider writes), {@code POLICY_JWT_AUDIENCE}
 * (an {@code aud} naming this service) and {@code POLICY_JWT_REQUIRE_EXPIRATION} (on by default: a token
 * without {@code exp} would never expire), and always that the claims the service reads have the right
 * types, that {@code roles} names only documented roles, and that {@code nbf} and {@code iat} are not in the
 * future beyond {@code POLICY_JWT_CLOCK_SKEW} (default 60 s). The expiry itself is checked by Micronaut
 * ({@code micronaut.security.token.jwt.claims-validators.expiration}). A token that fails is answered 401.
 */
public final class TokenClaimChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TokenClaimChecks.class);

    private TokenClaimChecks() {
    }

    static Set<String> values(String configured) {
        return Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    static List<String> claimValues(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return List.of(claim.toString());
    }

    /** The token's {@code iss} must be one of POLICY_JWT_ISSUER (comma-separated). */
    @Singleton
    @Requires(property = "policy.jwt.issuer", pattern = ".*\\S.*")
    public static class Issuer<T> implements GenericJwtClaimsValidator<T> {
        private final Set<String> accepted;

        public Issuer(@Value("${policy.jwt.issuer}") String issuer) {
            this.accepted = values(issuer);
        }

        @Override
        public boolean validate(Claims claims, T request) {
            List<String> issuer = claimValues(claims.get(Claims.ISSUER));
            boolean valid = issuer.size() == 1 && accepted.contains(issuer.get(0));
            if (!valid) {
                LOG.info("Token refused: issuer {} is not the configured issuer", issuer.isEmpty() ? "(none)" : Logs.safe(issuer));
            }
            return valid;
        }
    }

    /** The token's {@code aud} must name one of POLICY_JWT_AUDIENCE (comma-separated). */
    @Singleton
    @Requires(property = "policy.jwt.audience", pattern = ".*\\S.*")
    public static class Audience<T> implements GenericJwtClaimsValidator<T> {
        private final Set<String> accepted;

        public Audience(@Value("${policy.jwt.audience}") String audience) {
            this.accepted = values(audience);
        }

        @Override
        public boolean validate(Claims claims, T request) {
            List<String> audience = claimValues(claims.get(Claims.AUDIENCE));
            boolean valid = audience.stream().anyMatch(accepted::contains);
            if (!valid) {
                LOG.info("Token refused: audience {} does not name this service", audience.isEmpty() ? "(none)" : Logs.safe(audience));
            }
            return valid;
        }
    }

    /**
     * The claims the service reads must have the shape api.md gives them: {@code sub} a non-blank string,
     * {@code roles} a string or an array of strings, {@code tenant} absent or a string. A token that breaks
     * this is refused (401) rather than half-understood.
     */
    @Singleton
    public static class Shape<T> implements GenericJwtClaimsValidator<T> {
        @Override
        public boolean validate(Claims claims, T request) {
            Object sub = claims.get(Claims.SUBJECT);
            Object roles = claims.get("roles");
            Object tenant = claims.get("tenant");
            boolean valid = sub instanceof String s && !s.isBlank()
                    && (roles == null || roles instanceof String
                        || (roles instanceof Collection<?> many && many.stream().allMatch(String.class::isInstance)))
                    && (tenant == null || tenant instanceof String);
            if (!valid) {
                LOG.info("Token refused: its sub, roles or tenant claim does not have the expected type");
            }
            return valid;
        }
    }

    /** A token must say when it expires, unless POLICY_JWT_REQUIRE_EXPIRATION is false. */
    @Singleton
    @Requires(property = "policy.jwt.require-expiration", notEquals = "false")
    public static class ExpirationPresent<T> implements GenericJwtClaimsValidator<T> {
        @Override
        public boolean validate(Claims claims, T request) {
            boolean valid = claims.get(Claims.EXPIRATION_TIME) != null;
            if (!valid) {
                LOG.info("Token refused: it has no expiry (exp)");
            }
            return valid;
        }
    }

    /**
     * A token is not used before it is valid: {@code nbf} (not before) and {@code iat} (issued at) may lie in
     * the future by at most the clock skew {@code POLICY_JWT_CLOCK_SKEW} (default 60 s) allowed between the
     * identity provider's clock and this service's. A token issued "later" is forged or from a broken clock.
     */
    @Singleton
    public static class NotFromTheFuture<T> implements GenericJwtClaimsValidator<T> {
        private final Duration skew;
        private final Clock clock;

        @jakarta.inject.Inject
        public NotFromTheFuture(@Value("${policy.jwt.clock-skew:60s}") Duration skew) {
            this(skew, Clock.systemUTC());
        }

        NotFromTheFuture(Duration skew, Clock clock) {
            this.skew = skew;
            this.clock = clock;
        }

        @Override
        public boolean validate(Claims claims, T request) {
            Instant latest = clock.instant().plus(skew);
            for (String claim : List.of(Claims.NOT_BEFORE, Claims.ISSUED_AT)) {
                Instant at = instant(claims.get(claim));
                if (at != null && at.isAfter(latest)) {
                    LOG.info("Token refused: its {} lies {} s in the future, more than the allowed clock skew of {} s", claim,
                            Duration.between(clock.instant(), at).toSeconds(), skew.toSeconds());
                    return false;
                }
            }
            return true;
        }

        private static Instant instant(Object value) {
            if (value instanceof Date date) {
                return date.toInstant();
            }
            if (value instanceof Number seconds) {
                return Instant.ofEpochSecond(seconds.longValue());
            }
            return null;
        }
    }

    /**
     * Every role a token names must be one api.md documents ({@link Roles#ALL}): a token with any other is
     * refused (401) rather than partly honoured, so an unknown role never reaches a controller or the log.
     */
    @Singleton
    public static class DocumentedRoles<T> implements GenericJwtClaimsValidator<T> {
        @Override
        public boolean validate(Claims claims, T request) {
            List<String> roles = claimValues(claims.get("roles"));
            boolean valid = Roles.ALL.containsAll(roles);
            if (!valid) {
                LOG.info("Token refused: it names a role outside {}", Roles.ALL);
            }
            return valid;
        }
    }

    /**
     * The identity provider the pages sign in with publishes keys that Micronaut also trusts for bearer tokens; its
     * ID tokens are for signing in to the pages, not API credentials. A token issued by it is refused on the API
     * unless {@code POLICY_JWT_ISSUER} names that issuer, saying that its access tokens are meant for the API too.
     */
    @Singleton
    @Requires(property = "micronaut.security.oauth2.clients.oidc.openid.issuer", pattern = ".*\\S.*")
    public static class PageSignInIssuer<T> implements GenericJwtClaimsValidator<T> {
        private final String pageIssuer;
        private final Set<String> apiIssuers;

        public PageSignInIssuer(@Value("${micronaut.security.oauth2.clients.oidc.openid.issuer}") String pageIssuer,
                                @Value("${policy.jwt.issuer:}") String apiIssuers) {
            this.pageIssuer = normalised(pageIssuer);
            this.apiIssuers = values(apiIssuers).stream().map(TokenClaimChecks::normalised).collect(Collectors.toSet());
        }

        @Override
        public boolean validate(Claims claims, T request) {
            if (!(request instanceof HttpRequest<?> http) || http.getPath().startsWith("/oauth/")) {
                // the sign-in itself validates the provider's ID token here: that is what the token is for
                return true;
            }
            List<String> issuer = claimValues(claims.get(Claims.ISSUER));
            boolean fromPageSignIn = issuer.stream().map(TokenClaimChecks::normalised).anyMatch(pageIssuer::equals);
            if (fromPageSignIn && !apiIssuers.contains(pageIssuer)) {
                LOG.info("Token refused: issued by the pages' identity provider {}, which POLICY_JWT_ISSUER does not accept for the API",
                        Logs.safe(issuer));
                return false;
            }
            return true;
        }
    }

    static String normalised(String issuer) {
        String s = issuer.strip();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
