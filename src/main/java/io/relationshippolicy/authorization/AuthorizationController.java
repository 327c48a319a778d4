package io.relationshippolicy.authorization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Messages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Locale;

/** Authorization decisions for partner systems: one at a time, or up to 1000 in a batch. */
@Controller("/api/v1/decisions")
@Secured(Roles.PARTNER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Authorization")
public class AuthorizationController {

    private final AuthorizationService service;

    public AuthorizationController(AuthorizationService service) {
        this.service = service;
    }

    @Post
    @Operation(summary = "May this partner take this action on this customer? (behaviour 6, C2, C3, C9, C11 - C13)")
    public AuthorizationAnswer decide(@Body AuthorizationRequestBody body, Authentication authentication,
                                      @Nullable @Header("Accept-Language") String language) {
        Locale locale = Messages.resolve(language);
        return view(service.authorize(Caller.of(authentication), body), locale);
    }

    @Post("/batch")
    @Operation(summary = "Up to 1000 authorization requests, answered in order")
    public AuthorizationBatchAnswer batch(@Body AuthorizationBatchBody body, Authentication authentication,
                                          @Nullable @Header("Accept-Language") String language) {
        Locale locale = Messages.resolve(language);
        return new AuthorizationBatchAnswer(service.authorizeBatch(Caller.of(authentication), body.requests()).stream()
                .map(a -> view(a, locale)).toList());
    }

    private static AuthorizationAnswer view(AuthorizationService.Answer answer, Locale locale) {
        var request = answer.request();
        return new AuthorizationAnswer(DecisionView.of(answer.decision(), answer.entry(), locale), request.partnerId(),
                request.customerId(), request.action(), request.service(), request.subscriptionId());
    }
}
