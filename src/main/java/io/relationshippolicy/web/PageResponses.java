package io.relationshippolicy.web;

import io.micronaut.core.io.Writable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.views.ViewsRenderer;
import io.relationshippolicy.system.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What every page answer carries and how a page refuses. Pages get a strict Content-Security-Policy (scripts,
 * styles and forms from this service only, no framing), no caching, no referrer to other sites (a request link's signature
 * must not leak to other sites) and no MIME sniffing. A page that needs a sign-in sends the browser to the
 * sign-in page and back; any other refusal (400, 403, 404, 409, 429, 5xx) becomes a page that explains it in
 * the page's language, with the same explanation the API gives, never a stack trace.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PageResponses implements Ordered {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(PageResponses.class);

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> views;
    private final Pages pages;

    public PageResponses(ViewsRenderer<Map<String, Object>, HttpRequest<?>> views, Pages pages) {
        this.views = views;
        this.pages = pages;
    }

    @ResponseFilter
    public void onPage(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!PageSecurity.isPage(request)) {
            return;
        }
        int status = response.code();
        if (status == HttpStatus.UNAUTHORIZED.getCode()) {
            signInFirst(request, response);
        } else if (status >= 400 && !isHtml(response)) {
            explain(request, response);
        }
        PageLocaleResolver.chosen(request).ifPresent(tag -> {
            Cookie cookie = Cookie.of(PageLocaleResolver.COOKIE, tag).path("/").sameSite(SameSite.Lax).maxAge(365L * 24 * 3600);
            response.cookie(PageSecurity.secure(request) ? cookie.secure(true) : cookie);
        });
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "same-origin");
        response.header("X-Frame-Options", "DENY");
        response.header("Cache-Control", "no-store");
    }

    private static boolean isHtml(MutableHttpResponse<?> response) {
        return response.getContentType().map(t -> t.getName().equals(MediaType.TEXT_HTML)).orElse(false);
    }

    private static void signInFirst(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String back = request.getMethod() == HttpMethod.GET ? request.getUri().toString() : "/";
        response.status(HttpStatus.SEE_OTHER);
        response.getHeaders().location(URI.create("/sign-in?return=" + URLEncoder.encode(PageSecurity.localPath(back), StandardCharsets.UTF_8)));
        response.body(null);
    }

    private void explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Map<String, Object> model = new HashMap<>(pages.common(request, response));
        int status = response.code();
        model.put("status", status);
        Problem problem = response.getBody(Problem.class).orElse(null);
        model.put("detail", problem == null ? null : problem.detail());
        model.put("titleKey", "error.title." + (status == 400 || status == 403 || status == 404 || status == 409 || status == 429 ? status
                : status >= 500 ? 500 : 400));
        try {
            Writable page = views.render("error", model, request);
            StringWriter html = new StringWriter();
            page.writeTo(html);
            response.body(html.toString());
            response.contentType(MediaType.TEXT_HTML_TYPE);
        } catch (IOException | RuntimeException failure) {
            LOG.warn("Could not render the error page for status {}: {}", status, failure.toString());
        }
    }

    @Override
    public int getOrder() {
        // outside the security filter, so a refused sign-in or role is explained as a page too
        return ServerFilterPhase.SESSION.order();
    }
}
