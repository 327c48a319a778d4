package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.directory.DirectoryService;
import io.relationshippolicy.directory.ServiceCatalogue;
import io.relationshippolicy.security.Access;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.PageLocaleResolver;
import io.relationshippolicy.web.Pages;

import java.util.List;
import java.util.Map;

/**
 * The customer's Partner relationships page (C7): every partner, its program and state, and per service who
 * holds DAP and who transacts; and removing DAP from one service, one partner or every partner (C10), after a
 * confirmation that says what survives (C11 - C14). A removal is the same decision as
 * {@code DELETE /api/v1/customers/{id}/.../delegated-admin}, logged once.
 */
@Hidden
@Controller("/customer/partner-relationships")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CustomerRelationshipsPage {

    private final RelationshipService service;
    private final DirectoryService directory;
    private final ServiceCatalogue catalogue;
    private final Pages pages;
    private final FormTokens formTokens;

    public CustomerRelationshipsPage(RelationshipService service, DirectoryService directory, ServiceCatalogue catalogue, Pages pages,
                                     FormTokens formTokens) {
        this.service = service;
        this.directory = directory;
        this.catalogue = catalogue;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> list(HttpRequest<?> request, Authentication authentication) {
        String customerId = ownCustomer(authentication);
        List<RelationshipService.CustomerPartnerView> partners = service.partnersOf(customerId);
        return pages.render(request, "customer-relationships", Pages.model(
                "customer", directory.customer(customerId),
                "partners", partners,
                "anyDelegatedAdmin", partners.stream().anyMatch(p -> p.services().stream().anyMatch(RelationshipService.ServiceView::delegatedAdmin))));
    }

    @Get("/remove")
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> confirm(HttpRequest<?> request, Authentication authentication,
                                                                        @Nullable @QueryValue String partner, @Nullable @QueryValue String service) {
        String customerId = ownCustomer(authentication);
        return pages.render(request, "customer-remove", scope(customerId, partner, service));
    }

    @Post("/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> remove(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                       Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        Caller caller = Caller.of(authentication);
        String customerId = ownCustomer(authentication);
        String partner = blankToNull(Pages.field(form, "partner"));
        String one = blankToNull(Pages.field(form, "service"));
        Map<String, Object> model = scope(customerId, partner, one);
        var logged = service.removeDelegatedAdmin(caller, customerId, partner, one == null ? List.of() : List.of(one));
        model.put("decision", DecisionView.of(logged.decision(), logged.entry(), PageLocaleResolver.locale(request)));
        return pages.render(request, "customer-removed", model);
    }

    private Map<String, Object> scope(String customerId, @Nullable String partnerId, @Nullable String service) {
        String partnerName = null;
        if (partnerId != null) {
            Ids.require("partner", partnerId);
            partnerName = directory.partner(partnerId).name();
        }
        if (service != null) {
            catalogue.require(service);
            if (partnerId == null) {
                throw io.relationshippolicy.system.ProblemException.badRequest("A service is removed from one partner: name the partner too.");
            }
        }
        return Pages.model("customerId", customerId, "partnerId", partnerId, "partnerName", partnerName, "service", service);
    }

    private static String ownCustomer(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Access.requireCustomer(caller, caller.tenant());
        return caller.tenant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
