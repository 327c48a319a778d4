package io.relationshippolicy.relationship;

import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Hidden;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.security.Access;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Texts;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.PageLocaleResolver;
import io.relationshippolicy.web.Pages;

import java.util.Locale;
import java.util.Map;

/**
 * The partner's pages: the request email with its link in the paragraph that may not be edited and a copy
 * button (C4, C5), the check of an edited email (C4), and the customer list (C9). Taking the email and checking
 * one are the same decisions as the API's, logged once each.
 */
@Hidden
@Controller("/partner")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.PARTNER)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PartnerPages {

    private final RelationshipService service;
    private final Pages pages;
    private final FormTokens formTokens;

    public PartnerPages(RelationshipService service, Pages pages, FormTokens formTokens) {
        this.service = service;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get("/request-email")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> requestEmail(HttpRequest<?> request, Authentication authentication) {
        return pages.render(request, "partner-request", email(request, authentication));
    }

    @Post("/request-email/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> checkEmail(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                           Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        Caller caller = ownPartner(authentication);
        String body = form == null || form.get("body") == null ? "" : String.valueOf(form.get("body"));
        Texts.check("body", body, RelationshipController.MAX_EMAIL_CHARS);
        var checked = service.checkEmail(caller, caller.tenant(), body);
        Locale locale = PageLocaleResolver.locale(request);
        // the answer to a check is that check's decision alone: the link is not issued again
        return pages.render(request, "partner-check", Pages.model(
                "check", DecisionView.of(checked.decision(), checked.entry(), locale),
                "intact", checked.result(),
                "checkedBody", body));
    }

    @Get("/customers")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> customers(HttpRequest<?> request, Authentication authentication) {
        Caller caller = ownPartner(authentication);
        return pages.render(request, "partner-customers", Pages.model("customers", service.customersOf(caller.tenant())));
    }

    private Map<String, Object> email(HttpRequest<?> request, Authentication authentication) {
        Caller caller = ownPartner(authentication);
        Locale locale = PageLocaleResolver.locale(request);
        var issued = service.issueLink(caller, caller.tenant());
        String link = issued.result().link();
        LinkAnswer.Email email = link == null ? null : RequestEmail.of(issued.result().partner().name(), link, locale);
        return Pages.model(
                "partner", issued.result().partner(),
                "issue", DecisionView.of(issued.decision(), issued.entry(), locale),
                "link", link,
                "paragraphs", email == null ? java.util.List.of() : email.paragraphs(),
                "editable", email == null ? java.util.List.of() : email.editableParagraphs());
    }

    private static Caller ownPartner(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Access.requirePartner(caller, caller.tenant());
        return caller;
    }
}
