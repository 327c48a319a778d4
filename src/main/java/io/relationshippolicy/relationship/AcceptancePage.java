package io.relationshippolicy.relationship;

import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Hidden;
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
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.directory.ServiceCatalogue;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.security.Access;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.web.FormTokens;
import io.relationshippolicy.web.PageLocaleResolver;
import io.relationshippolicy.web.PageSecurity;
import io.relationshippolicy.web.PageSession;
import io.relationshippolicy.web.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The page a request link opens (C4 - C6, C9): who asks, what accepting gives and what it does not (C2, C3),
 * and, once a customer has signed in, the services to grant and the decision. Accepting goes through the same
 * service and decision as {@code POST /api/v1/customers/{id}/relationship-acceptances}: one decision, one log
 * entry; a customer user who is not an administrator gets the logged denial, explained.
 */
@Hidden
@Controller
@Produces(MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AcceptancePage {

    private final RelationshipService service;
    private final RequestLinks links;
    private final ServiceCatalogue catalogue;
    private final Pages pages;
    private final FormTokens formTokens;

    public AcceptancePage(RelationshipService service, RequestLinks links, ServiceCatalogue catalogue, Pages pages, FormTokens formTokens) {
        this.service = service;
        this.links = links;
        this.catalogue = catalogue;
        this.pages = pages;
        this.formTokens = formTokens;
    }

    @Get(RequestLinks.PATH)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> open(HttpRequest<?> request) {
        String link = linkOpened(request);
        return form(request, HttpStatus.OK, link, List.of(), false);
    }

    @Post(RequestLinks.PATH)
    @Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> accept(HttpRequest<?> request, @Body Map<String, Object> form,
                                                                       Authentication authentication) {
        formTokens.require(request, Pages.field(form, FormTokens.FIELD));
        Caller caller = Caller.of(authentication);
        String link = Pages.field(form, "link");
        if (link == null || link.isEmpty() || link.length() > RelationshipController.MAX_LINK_CHARS) {
            link = linkOpened(request);
        }
        List<String> chosen = Pages.fields(form, "service");
        if (chosen.isEmpty()) {
            return form(request, HttpStatus.UNPROCESSABLE_ENTITY, link, chosen, true);
        }
        List<String> services = new ArrayList<>();
        for (String s : new LinkedHashSet<>(chosen)) {
            services.add(catalogue.require(s));
        }
        String customerId = caller.tenant();
        Access.requireCustomer(caller, customerId);
        var logged = service.accept(caller, customerId, link, services);
        Locale locale = PageLocaleResolver.locale(request);
        Acceptance result = logged.result();
        Optional<String> partnerName = service.preview(link).partner().map(p -> p.name());
        return pages.render(request, "acceptance-decision", Pages.model(
                "decision", DecisionView.of(logged.decision(), logged.entry(), locale),
                "partnerName", partnerName.orElse(result.partnerId() == null ? "?" : result.partnerId()),
                "granted", result.grantedServices(),
                "denied", result.deniedServices().stream()
                        .map(d -> new AcceptanceAnswer.DeniedServiceView(d.service(), DecisionView.reasons(d.reasons(), locale))).toList()));
    }

    private MutableHttpResponse<ModelAndView<Map<String, Object>>> form(HttpRequest<?> request, HttpStatus status, String link,
                                                                      List<String> chosen, boolean noServiceChosen) {
        RelationshipService.LinkPreview preview = service.preview(link);
        Optional<PageSession> session = pages.session(request);
        boolean customer = session.map(s -> s.tenant() != null && (s.has(Roles.CUSTOMER_ADMIN) || s.has(Roles.CUSTOMER_USER))).orElse(false);
        String here = RequestLinks.PATH + "?" + PageSecurity.queryWithoutLanguage(request);
        return pages.render(request, status, "acceptance", Pages.model(
                "link", link,
                "usable", preview.status() == LinkStatus.VALID,
                "linkProblem", preview.status() == LinkStatus.VALID ? null : "accept.link." + preview.status().name(),
                "partner", preview.partner().orElse(null),
                "services", List.copyOf(catalogue.services()),
                "chosen", chosen,
                "noServiceChosen", noServiceChosen,
                "customer", customer,
                "signInHref", "/sign-in?return=" + URLEncoder.encode(here, StandardCharsets.UTF_8)));
    }

    /** The link as the customer opened it, rebuilt on this service's base (the switcher's language choice left out). */
    private String linkOpened(HttpRequest<?> request) {
        return links.base() + RequestLinks.PATH + "?" + PageSecurity.queryWithoutLanguage(request);
    }
}
