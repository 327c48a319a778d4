package io.relationshippolicy.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.locale.HttpLocaleResolutionConfiguration;
import io.micronaut.http.server.util.locale.RequestLocaleResolver;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * The framework's Accept-Language resolver throws on some malformed headers (such as ";" or ",,,"), and the
 * security layer asks it on every request. A header that cannot be read simply names no language; messages
 * are then in English.
 */
@Singleton
@Replaces(RequestLocaleResolver.class)
public class TolerantRequestLocaleResolver extends RequestLocaleResolver {

    public TolerantRequestLocaleResolver(HttpLocaleResolutionConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Optional<Locale> resolve(HttpRequest<?> request) {
        try {
            return super.resolve(request);
        } catch (RuntimeException malformedHeader) {
            return Optional.empty();
        }
    }
}
