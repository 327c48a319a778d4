package io.relationshippolicy.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import io.micronaut.security.token.reader.TokenResolver;
import io.micronaut.security.token.validator.TokenValidator;
import io.micronaut.security.event.TokenValidatedEvent;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Bearer tokens are verified by their signature and claims, here, and nowhere else. The OpenID Connect module
 * that signs people in to the pages would also accept any token its identity provider's user-info endpoint
 * knows (an access token issued to another application included, with no audience check), and would call the
 * provider on every request with an unknown token; those validators are left out.
 */
@Singleton
@Replaces(TokenAuthenticationFetcher.class)
public class SignedTokensOnly extends TokenAuthenticationFetcher {

    public SignedTokensOnly(List<TokenValidator<HttpRequest<?>>> validators, TokenResolver<HttpRequest<?>> tokenResolver,
                            ApplicationEventPublisher<TokenValidatedEvent> events, HttpHostResolver hosts, HttpLocaleResolver locales) {
        super(validators.stream().filter(v -> !v.getClass().getName().startsWith("io.micronaut.security.oauth2.")).toList(),
                tokenResolver, events, hosts, locales);
    }
}
