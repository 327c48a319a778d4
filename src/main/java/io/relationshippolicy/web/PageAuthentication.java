package io.relationshippolicy.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.HashMap;
import java.util.Map;

/**
 * Pages authenticate with the session cookie; the API never does (it takes bearer tokens only, so a page
 * session cannot be used to call the API from another site). The session carries the same subject, tenant and
 * roles as an API token, so pages pass the same access checks and act as the same caller.
 */
@Singleton
public class PageAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String SESSION_ATTRIBUTE = "page.session";

    private final PageSessions sessions;

    public PageAuthentication(PageSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!PageSecurity.isPage(request)) {
            return Publishers.empty();
        }
        return sessions.read(request).map(session -> {
            request.setAttribute(SESSION_ATTRIBUTE, session);
            Map<String, Object> attributes = new HashMap<>();
            if (session.tenant() != null) {
                attributes.put("tenant", session.tenant());
            }
            return Publishers.just(Authentication.build(session.sub(), session.roles(), attributes));
        }).orElse(Publishers.empty());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
