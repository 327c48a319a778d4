package io.relationshippolicy.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.relationshippolicy.system.Messages;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of a page: the one chosen with the switcher ({@code ?lang=} on any page, then remembered in a
 * cookie), otherwise the browser's {@code Accept-Language}; always one of the article's editions (English,
 * Brazilian Portuguese, French). The API keeps following {@code Accept-Language} alone.
 */
@Singleton
public class PageLocaleResolver implements HttpLocaleResolver {

    public static final String PARAMETER = "lang";
    public static final String COOKIE = "rp_lang";
    public static final List<String> TAGS = List.of("en", "pt-BR", "fr");

    @Override
    public Optional<Locale> resolve(HttpRequest<?> request) {
        if (!PageSecurity.isPage(request)) {
            return Optional.empty();
        }
        return Optional.of(locale(request));
    }

    @Override
    public Locale resolveOrDefault(HttpRequest<?> request) {
        return resolve(request).orElse(Locale.ENGLISH);
    }

    public static Locale locale(HttpRequest<?> request) {
        Optional<String> chosen = chosen(request);
        if (chosen.isPresent()) {
            return Locale.forLanguageTag(chosen.get());
        }
        String cookie = request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null);
        if (cookie != null && TAGS.contains(cookie)) {
            return Locale.forLanguageTag(cookie);
        }
        return Messages.resolve(request.getHeaders().get("Accept-Language"));
    }

    /** The language chosen with the switcher on this request, when it names one of the three. */
    public static Optional<String> chosen(HttpRequest<?> request) {
        return request.getParameters().getFirst(PARAMETER).filter(TAGS::contains);
    }

    public static String tag(Locale locale) {
        return locale.getLanguage().equals("pt") ? "pt-BR" : locale.getLanguage();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
