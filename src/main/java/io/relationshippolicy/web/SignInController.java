package io.relationshippolicy.web;

import io.micronaut.context.BeanContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Hidden;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.oauth2.client.OauthClient;
import io.micronaut.security.rules.SecurityRule;
import io.relationshippolicy.system.ProblemException;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out of the pages. In production people sign in with the organisation's identity provider
 * (OpenID Connect); in development they may pick a demo identity instead (see {@link DemoSignIn}).
 */
@Hidden
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignInController {

    private final Pages pages;
    private final PageSessions sessions;
    private final FormTokens formTokens;
    private final DemoSignIn demo;
    private final BeanContext beans;

    public SignInController(Pages pages, PageSessions sessions, FormTokens formTokens, DemoSignIn demo, BeanContext beans) {
        this.pages = pages;
        this.sessions = sessions;
        this.formTokens = formTokens;
        this.demo = demo;
        this.beans = beans;
    }

    @Get("/sign-in")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> signIn(HttpRequest<?> request, @Nullable @QueryValue("return") String back,
                                                                       @Nullable @QueryValue String error) {
        String returnTo = PageSecurity.localPath(back);
        return pages.render(request, "sign-in", Pages.model(
                "returnTo", returnTo,
                "error", error == null || !(OidcIdentities.REASONS.contains(error) || "failed".equals(error) || "unknown-identity".equals(error)) ? null : error,
                "oidc", oidcConfigured(),
                "identities", demo.identities()));
    }

    @Get("/sign-in/oidc")
    public MutableHttpResponse<?> signInWithProvider(HttpRequest<?> request, @Nullable @QueryValue("return") String back) {
        if (!oidcConfigured()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "No identity provider", "No identity provider is configured for this service: set POLICY_OIDC_ISSUER, "
                    + "POLICY_OIDC_CLIENT_ID and POLICY_OIDC_CLIENT_SECRET.");
        }
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.SEE_OTHER)
                .headers(h -> h.location(URI.create("/oauth/login/" + OidcSignIn.PROVIDER)));
        OidcSignIn.rememberReturn(request, response, PageSecurity.localPath(back));
        return response;
    }

    @Post("/sign-in/demo")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> signInAsDemoIdentity(HttpRequest<?> request, @Body Map<String, Object> form) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        if (!demo.enabled()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "No demo identities", "Demo identities are offered only in development, while the service signs tokens with its "
                    + "development secret. Sign in with your organisation's account.");
        }
        String sub = Pages.field(form, "sub");
        Optional<DemoSignIn.Identity> identity = sub == null ? Optional.empty() : demo.find(sub);
        if (identity.isEmpty()) {
            return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create("/sign-in?error=unknown-identity")));
        }
        PageSession session = sessions.start(identity.get().sub(), identity.get().tenant(), identity.get().roles(), "demo");
        String back = PageSecurity.localPath(Pages.field(form, "return"));
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(back)));
        sessions.write(session, request, response);
        return response;
    }

    @Post("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, Object> form) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create("/?signed-out")));
        sessions.clear(request, response);
        return response;
    }

    private boolean oidcConfigured() {
        return beans.containsBean(OauthClient.class, Qualifiers.byName(OidcSignIn.PROVIDER));
    }
}
