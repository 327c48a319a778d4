package io.relationshippolicy.authorization;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.policy.Action;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Messages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;

/** Authorization decisions for partner systems: one at a time, or up to 1000 in a batch. */
@Controller("/api/v1/decisions")
@Secured(Roles.PARTNER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Authorization")
public class AuthorizationController {

    @Serdeable
    public record AuthorizationAnswer(@JsonUnwrapped DecisionView decision, String partnerId, String customerId, Action action,
                                      @Nullable String service, @Nullable String subscriptionId) {
    }

    @Serdeable
    public record BatchBody(@Nullable List<AuthorizationRequestBody> requests) {
    }

    @Serdeable
    public record BatchAnswer(List<AuthorizationAnswer> decisions) {
    }

    private final AuthorizationService service;

    public AuthorizationController(AuthorizationService service) {
        this.service = service;
    }

    @Post
    @Operation(summary = "May this partner take this action on this customer? (behaviour 6, C2, C3, C9, C11 - C13)")
    public AuthorizationAnswer decide(@Body AuthorizationRequestBody body, Authentication authentication,
                                      @Nullable @Header("Accept-Language") String language) {
        return view(service.authorize(Caller.of(authentication), body), Messages.resolve(language));
    }

    @Post("/batch")
    @Operation(summary = "Up to 1000 authorization requests, answered in order")
    public BatchAnswer batch(@Body BatchBody body, Authentication authentication, @Nullable @Header("Accept-Language") String language) {
        Locale locale = Messages.resolve(language);
        return new BatchAnswer(service.authorizeBatch(Caller.of(authentication), body.requests()).stream()
                .map(a -> view(a, locale)).toList());
    }

    private static AuthorizationAnswer view(AuthorizationService.Answer answer, Locale locale) {
        var r = answer.request();
        return new AuthorizationAnswer(DecisionView.of(answer.decision(), answer.logged(), locale), r.partnerId(), r.customerId(),
                r.action(), r.service(), r.subscriptionId());
    }
}
