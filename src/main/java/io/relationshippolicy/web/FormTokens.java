package io.relationshippolicy.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Protection against cross-site request forgery on every state-changing form. A signed-in form carries its
 * session's form token; a form shown before sign-in carries the token of a short-lived cookie set with the
 * form. A form post must send that token back in the field {@value #FIELD}, and when the browser names the
 * page it came from ({@code Origin}), that page must be on this service. Anything else is refused with 403
 * and changes nothing.
 */
@Singleton
public class FormTokens {

    public static final String FIELD = "_csrf";
    public static final String ANONYMOUS_COOKIE = "rp_form";

    private final PageSessions sessions;

    public FormTokens(PageSessions sessions) {
        this.sessions = sessions;
    }

    /** The token to put in the forms of this page; sets the anonymous cookie on the response when needed. */
    public String tokenFor(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<PageSession> session = sessions.read(request);
        if (session.isPresent()) {
            return session.get().formToken();
        }
        Optional<String> existing = request.getCookies().findCookie(ANONYMOUS_COOKIE).map(Cookie::getValue)
                .filter(v -> v.length() >= 16 && v.length() <= 64);
        if (existing.isPresent()) {
            return existing.get();
        }
        String token = PageSessions.randomToken();
        Cookie cookie = Cookie.of(ANONYMOUS_COOKIE, token).path("/").httpOnly(true).sameSite(SameSite.Strict).maxAge(3600);
        response.cookie(PageSecurity.secure(request) ? cookie.secure(true) : cookie);
        return token;
    }

    /** Refuses the post unless it carries the token of the form this service showed and comes from this service. */
    public void require(HttpRequest<?> request, String submitted) {
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !origin.equals("null") && !sameOrigin(request, origin)) {
            throw refused();
        }
        String expected = sessions.read(request).map(PageSession::formToken)
                .or(() -> request.getCookies().findCookie(ANONYMOUS_COOKIE).map(Cookie::getValue))
                .orElse(null);
        if (expected == null || submitted == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            throw refused();
        }
    }

    private static boolean sameOrigin(HttpRequest<?> request, String origin) {
        String host = request.getHeaders().get("X-Forwarded-Host");
        if (host == null) {
            host = request.getHeaders().get("Host");
        }
        try {
            URI uri = URI.create(origin);
            if (host == null || uri.getHost() == null) {
                return false;
            }
            String defaultPort = "https".equals(uri.getScheme()) ? "443" : "80";
            String originAuthority = uri.getHost() + ":" + (uri.getPort() < 0 ? defaultPort : Integer.toString(uri.getPort()));
            String hostAuthority = host.contains(":") ? host : host + ":" + defaultPort;
            return originAuthority.equalsIgnoreCase(hostAuthority.trim());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static ProblemException refused() {
        return ProblemException.forbidden("This form did not come from this service's page, or it has expired. "
                + "Reload the page and send the form again.");
    }
}
