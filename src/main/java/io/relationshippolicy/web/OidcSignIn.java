package io.relationshippolicy.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.handlers.RedirectingLoginHandler;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The end of an OpenID Connect sign-in (authorization code with PKCE, run by micronaut-security-oauth2): the
 * identity the provider vouched for, mapped by {@link OidcIdentities}, becomes a page session, and the browser
 * goes back to the page that asked for the sign-in. A refused sign-in goes back to the sign-in page, which says
 * why.
 */
@Singleton
public class OidcSignIn implements RedirectingLoginHandler<HttpRequest<?>, MutableHttpResponse<?>> {

    public static final String PROVIDER = "oidc";
    static final String RETURN_COOKIE = "rp_return";

    private final PageSessions sessions;

    public OidcSignIn(PageSessions sessions) {
        this.sessions = sessions;
    }

    /** Remembers where to come back to while the browser visits the identity provider. */
    static void rememberReturn(HttpRequest<?> request, MutableHttpResponse<?> response, String path) {
        Cookie cookie = Cookie.of(RETURN_COOKIE, path).path("/").httpOnly(true).sameSite(SameSite.Lax).maxAge(600);
        response.cookie(PageSecurity.secure(request) ? cookie.secure(true) : cookie);
    }

    @Override
    public MutableHttpResponse<?> loginSuccess(Authentication authentication, HttpRequest<?> request) {
        Object tenant = authentication.getAttributes().get("tenant");
        PageSession session = sessions.start(authentication.getName(), tenant == null ? null : tenant.toString(),
                new TreeSet<>(authentication.getRoles()), PROVIDER);
        String back = PageSecurity.localPath(request.getCookies().findCookie(RETURN_COOKIE).map(Cookie::getValue).orElse("/"));
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(back)));
        sessions.write(session, request, response);
        Cookie clear = Cookie.of(RETURN_COOKIE, "").path("/").maxAge(0);
        response.cookie(clear);
        return response;
    }

    @Override
    public MutableHttpResponse<?> loginRefresh(Authentication authentication, String refreshToken, HttpRequest<?> request) {
        return loginSuccess(authentication, request);
    }

    @Override
    public MutableHttpResponse<?> loginFailed(AuthenticationResponse failure, HttpRequest<?> request) {
        String reason = Optional.ofNullable(failure).flatMap(AuthenticationResponse::getMessage).orElse("");
        String code = OidcIdentities.REASONS.contains(reason) ? reason : "failed";
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create("/sign-in?error=" + code)));
    }
}
