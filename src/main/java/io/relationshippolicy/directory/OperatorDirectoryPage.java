package io.relationshippolicy.directory;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
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
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.Pages;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The operators' directory page: every partner, customer and subscription, and forms to create or update a
 * partner, a customer or a subscription and to cancel a subscription. Each form is the same call, with the
 * same checks, as its {@code PUT}/{@code DELETE} route under {@code /api/v1}; a refused form (400, 404) is
 * shown on this page with the API's explanation, and changes nothing.
 */
@Hidden
@Controller("/operator/directory")
@Produces(MediaType.TEXT_HTML)
@Secured(Roles.OPERATOR)
@ExecuteOn(TaskExecutors.BLOCKING)
public class OperatorDirectoryPage {

    private static final int LISTED = 500;

    private final DirectoryController api;
    private final DirectoryService directory;
    private final ServiceCatalogue catalogue;
    private final Pages pages;
    private final FormTokens formTokens;

    public OperatorDirectoryPage(DirectoryController api, DirectoryService directory, ServiceCatalogue catalogue, Pages pages,
                                 FormTokens formTokens) {
        this.api = api;
        this.directory = directory;
        this.catalogue = catalogue;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> list(HttpRequest<?> request) {
        return page(request, HttpStatus.OK, null, null, Map.of());
    }

    @Post("/partners")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> partner(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                        Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        return act(request, form, "partner", () -> api.putPartner(Pages.field(form, "id"),
                new PartnerBody(Pages.field(form, "name"), Pages.field(form, "cloud"), Pages.field(form, "program")), authentication).id());
    }

    @Post("/customers")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> customer(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                         Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        return act(request, form, "customer", () -> api.putCustomer(Pages.field(form, "id"),
                new CustomerBody(Pages.field(form, "name"), Pages.field(form, "cloud")), authentication).id());
    }

    @Post("/subscriptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> subscription(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                             Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        return act(request, form, "subscription", () -> api.putSubscription(Pages.field(form, "customerId"), Pages.field(form, "id"),
                new SubscriptionBody(Pages.field(form, "service"), blankToNull(Pages.field(form, "resellerOfRecord"))), authentication).id());
    }

    @Post("/subscriptions/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> cancel(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                       Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        return act(request, form, "cancelled", () -> {
            String id = Pages.field(form, "id");
            api.deleteSubscription(Pages.field(form, "customerId"), id, authentication);
            return id;
        });
    }

    private MutableHttpResponse<ModelAndView<Map<String, Object>>> act(HttpRequest<?> request, Map<String, Object> form, String what,
                                                                     Supplier<String> change) {
        try {
            String id = change.get();
            return page(request, HttpStatus.OK, what, id, Map.of());
        } catch (ProblemException refused) {
            if (refused.status() != HttpStatus.BAD_REQUEST && refused.status() != HttpStatus.NOT_FOUND) {
                throw refused;
            }
            return page(request, refused.status(), null, null, Map.of("problem", refused.problem(), "form", form, "refusedForm", what));
        }
    }

    private MutableHttpResponse<ModelAndView<Map<String, Object>>> page(HttpRequest<?> request, HttpStatus status, String done, String id,
                                                                      Map<String, Object> extra) {
        Map<String, Object> model = Pages.model("directory", directory.listing(LISTED), "listed", LISTED,
                "services", catalogue.services(), "clouds", Cloud.values(), "programs", Program.values(),
                "done", done, "doneId", id);
        model.putAll(extra);
        return pages.render(request, status, "operator-directory", model);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
