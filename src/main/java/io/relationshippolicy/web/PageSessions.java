package io.relationshippolicy.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pages' session cookie: the signed-in identity, written by the server and signed with the installation's
 * session key (HMAC-SHA256), so any instance on the same database can read it and nobody can forge or alter
 * it. The cookie is HttpOnly and SameSite=Lax, and Secure whenever the page was reached over HTTPS. Sessions
 * last {@code policy.pages.session-duration} (8 hours by default); signing out removes the cookie.
 */
@Singleton
public class PageSessions {

    public static final String COOKIE = "rp_session";
    private static final String VERSION = "v1";
    private static final Pattern FIELD = Pattern.compile("[^\\n]{0,256}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionKey key;
    private final Duration duration;
    private final Clock clock;

    public PageSessions(SessionKey key, @Value("${policy.pages.session-duration:8h}") Duration duration) {
        this(key, duration, Clock.systemUTC());
    }

    PageSessions(SessionKey key, Duration duration, Clock clock) {
        this.key = key;
        this.duration = duration;
        this.clock = clock;
    }

    /** A new session for this identity, with a fresh form token. */
    public PageSession start(String sub, @Nullable String tenant, Set<String> roles, String signedInWith) {
        return new PageSession(sub, tenant, roles, clock.instant().plus(duration), randomToken(), signedInWith);
    }

    /** The session the request's cookie carries, when it is intact and not expired. */
    public Optional<PageSession> read(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).flatMap(c -> decode(c.getValue()));
    }

    public void write(PageSession session, HttpRequest<?> request, MutableHttpResponse<?> response) {
        Cookie cookie = Cookie.of(COOKIE, encode(session)).path("/").httpOnly(true).sameSite(SameSite.Lax)
                .maxAge(Duration.between(clock.instant(), session.expiresAt()).getSeconds());
        response.cookie(PageSecurity.secure(request) ? cookie.secure(true) : cookie);
    }

    public void clear(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Cookie cookie = Cookie.of(COOKIE, "").path("/").httpOnly(true).sameSite(SameSite.Lax).maxAge(0);
        response.cookie(PageSecurity.secure(request) ? cookie.secure(true) : cookie);
    }

    String encode(PageSession s) {
        String tenant = s.tenant() == null ? "" : s.tenant();
        String[] fields = {VERSION, s.sub(), tenant, String.join(",", s.sortedRoles()), Long.toString(s.expiresAt().getEpochSecond()),
                s.formToken(), s.signedInWith()};
        for (int i = 0; i < fields.length; i++) {
            boolean listOfRoles = i == 3;
            if (!FIELD.matcher(fields[i]).matches() || (!listOfRoles && fields[i].contains(","))) {
                throw new IllegalArgumentException("a session field may not hold a line break, a comma or more than 256 characters");
            }
        }
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
        return payload + "." + mac(payload);
    }

    Optional<PageSession> decode(String value) {
        if (value == null || value.length() > 4096) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = value.substring(0, dot);
        byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] fields;
        try {
            fields = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (fields.length != 7 || !VERSION.equals(fields[0])) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        Set<String> roles = fields[3].isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(fields[3].split(",")));
        return Optional.of(new PageSession(fields[1], fields[2].isEmpty() ? null : fields[2], roles, expiresAt, fields[5], fields[6]));
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("page-session|" + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
