package io.relationshippolicy.system;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * An Accept-Language header that the framework cannot read (such as {@code ,}, {@code ;} or {@code ;;}) names
 * no language: it is removed before anything asks for the request's locale, so the request is answered as if
 * it had none (English), never with an error. The framework reads the header in several places (route
 * argument binding, security, error answers); removing it here covers them all, {@code /health} included.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AcceptLanguageHeaders implements Ordered {

    @RequestFilter
    public void dropUnreadable(MutableHttpRequest<?> request) {
        if (!request.getHeaders().contains(HttpHeaders.ACCEPT_LANGUAGE)) {
            return;
        }
        try {
            request.getHeaders().findAcceptLanguage();
        } catch (RuntimeException unreadable) {
            request.getHeaders().remove(HttpHeaders.ACCEPT_LANGUAGE);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
