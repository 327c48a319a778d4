package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.directory.ServiceCatalogue;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.security.Access;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Idempotency;
import io.relationshippolicy.system.IdempotencyKeyHeader;
import io.relationshippolicy.system.IdempotentCall;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.system.Messages;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.system.Texts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The relationship lifecycle: request link, email check, acceptance, DAP removal, renegotiation, and the two views.
 * Each handler checks the request and the caller, calls the service once, and renders the decision it returns,
 * after its commit, in the caller's language (for an answer replayed for an {@value Idempotency#HEADER}, the
 * language of the first answer).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Relationship lifecycle")
public class RelationshipController {

    /** An email is a few paragraphs; the bound keeps one decision-log entry small. */
    static final int MAX_EMAIL_CHARS = 20_000;
    static final int MAX_LINK_CHARS = 2_048;

    private final RelationshipService service;
    private final ServiceCatalogue catalogue;

    public RelationshipController(RelationshipService service, ServiceCatalogue catalogue) {
        this.service = service;
        this.catalogue = catalogue;
    }

    @Get("/partners/{partnerId}/relationship-request")
    @Secured(Roles.PARTNER)
    @Operation(summary = "Issue the partner's request email and link (C4, C5)")
    public LinkAnswer requestLink(String partnerId, Authentication authentication, @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("partner", partnerId);
        Access.requirePartner(caller, partnerId);
        Locale locale = Messages.resolve(language);
        var logged = service.issueLink(caller, partnerId);
        String link = logged.result().link();
        return new LinkAnswer(DecisionView.of(logged.decision(), logged.entry(), locale), link,
                RequestEmail.of(logged.result().partner().name(), link, locale));
    }

    @Post("/partners/{partnerId}/relationship-request/email-check")
    @Secured(Roles.PARTNER)
    @Operation(summary = "Check that an edited email still carries the link exactly as issued (C4)")
    public DecisionView checkEmail(String partnerId, @Body EmailCheckBody body, Authentication authentication,
                                   @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("partner", partnerId);
        Access.requirePartner(caller, partnerId);
        if (body.body() == null) {
            throw ProblemException.badRequest("'body' is required: send the text of the email as you will send it.");
        }
        Texts.check("body", body.body(), MAX_EMAIL_CHARS);
        var logged = service.checkEmail(caller, partnerId, body.body());
        return DecisionView.of(logged.decision(), logged.entry(), Messages.resolve(language));
    }

    @Post("/customers/{customerId}/relationship-acceptances")
    @Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER})
    @Operation(summary = "Accept a partner's request link for some services (C6, C8, C9, C14, C15)")
    @IdempotencyKeyHeader
    public AcceptanceAnswer accept(String customerId, @Body AcceptanceBody body, Authentication authentication,
                                   @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("customer", customerId);
        Access.requireCustomer(caller, customerId);
        if (body.link() == null || body.link().isBlank()) {
            throw ProblemException.badRequest("'link' is required: paste the request link from the partner's email.");
        }
        Texts.check("link", body.link(), MAX_LINK_CHARS);
        List<String> services = services(body.services(), true);
        Logged<Acceptance> accepted = service.accept(caller, customerId, body.link(), services);
        return AcceptanceAnswer.of(accepted, IdempotentCall.answerLanguage(language));
    }

    @Get("/customers/{customerId}/partner-relationships")
    @Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER, Roles.AUDITOR})
    @Operation(summary = "The customer's partners and which hold DAP for each service (C7)")
    public List<PartnerRelationshipView> partnerRelationships(String customerId, Authentication authentication) {
        Ids.require("customer", customerId);
        Access.requireCustomerOrAuditor(Caller.of(authentication), customerId);
        return service.partnersOf(customerId).stream()
                .map(v -> new PartnerRelationshipView(v.partnerId(), v.partnerName(), v.program(), v.state(), grants(v.services())))
                .toList();
    }

    @Get("/partners/{partnerId}/customers")
    @Secured({Roles.PARTNER, Roles.AUDITOR})
    @Operation(summary = "The partner's customer list: customers with an ACTIVE relationship (C9)")
    public List<CustomerListEntry> customers(String partnerId, Authentication authentication) {
        Ids.require("partner", partnerId);
        Access.requirePartnerOrAuditor(Caller.of(authentication), partnerId);
        return service.customersOf(partnerId).stream()
                .map(v -> new CustomerListEntry(v.customerId(), v.customerName(), v.state(), grants(v.services())))
                .toList();
    }

    @Delete("/customers/{customerId}/partner-relationships/{partnerId}/delegated-admin")
    @Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER})
    @Operation(summary = "Remove DAP from one partner, for all or some services (C10 - C13)")
    @IdempotencyKeyHeader
    public DecisionView removeFromPartner(String customerId, String partnerId, @Nullable @QueryValue("service") List<String> service,
                                          Authentication authentication, @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("customer", customerId);
        Ids.require("partner", partnerId);
        Access.requireCustomer(caller, customerId);
        List<String> services = services(service, false);
        var removed = this.service.removeDelegatedAdmin(caller, customerId, partnerId, services);
        return DecisionView.of(removed.decision(), removed.entry(), IdempotentCall.answerLanguage(language));
    }

    @Delete("/customers/{customerId}/delegated-admin")
    @Secured({Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_USER})
    @Operation(summary = "Remove DAP from every partner at once (C10 - C13)")
    @IdempotencyKeyHeader
    public DecisionView removeFromAll(String customerId, Authentication authentication,
                                      @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("customer", customerId);
        Access.requireCustomer(caller, customerId);
        var removed = service.removeDelegatedAdmin(caller, customerId, null, List.of());
        return DecisionView.of(removed.decision(), removed.entry(), IdempotentCall.answerLanguage(language));
    }

    @Post("/customers/{customerId}/partner-relationships/{partnerId}/renegotiation")
    @Secured({Roles.PARTNER, Roles.CUSTOMER_ADMIN})
    @Operation(summary = "Consent to terminate the business relationship; both sides must consent (C11)")
    @IdempotencyKeyHeader
    public RenegotiationAnswer renegotiate(String customerId, String partnerId, @Body RenegotiationBody body, Authentication authentication,
                                           @Nullable @Header("Accept-Language") String language) {
        Caller caller = Caller.of(authentication);
        Ids.require("customer", customerId);
        Ids.require("partner", partnerId);
        Side side;
        if (caller.has(Roles.PARTNER) && caller.belongsTo(partnerId)) {
            side = Side.PARTNER;
        } else if (caller.has(Roles.CUSTOMER_ADMIN) && caller.belongsTo(customerId)) {
            side = Side.CUSTOMER;
        } else {
            throw ProblemException.forbidden("Only partner '" + partnerId + "' (PARTNER token) or an administrator of customer '"
                    + customerId + "' (CUSTOMER_ADMIN token) can renegotiate this relationship.");
        }
        if (body.terminate() == null || !body.terminate()) {
            throw ProblemException.badRequest("'terminate' must be true: a renegotiation is a consent to terminate the business relationship.");
        }
        Logged<RelationshipState> renegotiated = service.renegotiate(caller, customerId, partnerId, side);
        return RenegotiationAnswer.of(renegotiated, IdempotentCall.answerLanguage(language));
    }

    private List<String> services(List<String> requested, boolean required) {
        if (requested == null || requested.isEmpty()) {
            if (required) {
                throw ProblemException.badRequest("'services' is required: list the services to grant, among " + catalogue.services() + ".");
            }
            return List.of();
        }
        List<String> services = new ArrayList<>();
        for (String s : new LinkedHashSet<>(requested)) {
            services.add(catalogue.require(s));
        }
        return services;
    }

    private static List<ServiceGrantView> grants(List<RelationshipService.ServiceView> services) {
        return services.stream().map(s -> new ServiceGrantView(s.service(), s.delegatedAdmin(), s.transacting())).toList();
    }
}
