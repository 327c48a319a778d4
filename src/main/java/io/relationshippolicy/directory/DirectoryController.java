package io.relationshippolicy.directory;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Enums;
import io.relationshippolicy.system.IdempotencyKeyHeader;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.system.ProblemException;
import io.relationshippolicy.system.Texts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The directory the operator maintains: partners, customers and their subscriptions. */
@Controller("/api/v1")
@Secured(Roles.OPERATOR)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Directory")
public class DirectoryController {

    private final DirectoryService directory;
    private final ServiceCatalogue catalogue;

    public DirectoryController(DirectoryService directory, ServiceCatalogue catalogue) {
        this.directory = directory;
        this.catalogue = catalogue;
    }

    @Put("/partners/{partnerId}")
    @Operation(summary = "Create or update a partner")
    @IdempotencyKeyHeader
    public PartnerView putPartner(String partnerId, @Body PartnerBody body, Authentication authentication) {
        Ids.require("partner", partnerId);
        Partner partner = new Partner(partnerId, name(body.name()), Enums.parse(Cloud.class, "cloud", body.cloud()),
                Enums.parse(Program.class, "program", body.program()));
        return PartnerView.of(directory.savePartner(Caller.of(authentication), partner));
    }

    @Get("/partners/{partnerId}")
    @Operation(summary = "Read a partner")
    public PartnerView getPartner(String partnerId) {
        Ids.require("partner", partnerId);
        return PartnerView.of(directory.partner(partnerId));
    }

    @Put("/customers/{customerId}")
    @Operation(summary = "Create or update a customer")
    @IdempotencyKeyHeader
    public CustomerView putCustomer(String customerId, @Body CustomerBody body, Authentication authentication) {
        Ids.require("customer", customerId);
        Customer customer = new Customer(customerId, name(body.name()), Enums.parse(Cloud.class, "cloud", body.cloud()));
        return CustomerView.of(directory.saveCustomer(Caller.of(authentication), customer));
    }

    @Get("/customers/{customerId}")
    @Operation(summary = "Read a customer")
    public CustomerView getCustomer(String customerId) {
        Ids.require("customer", customerId);
        return CustomerView.of(directory.customer(customerId));
    }

    @Put("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Operation(summary = "Create or update a customer's subscription")
    @IdempotencyKeyHeader
    public SubscriptionView putSubscription(String customerId, String subscriptionId, @Body SubscriptionBody body,
                                            Authentication authentication) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        String service = catalogue.require(body.service());
        String reseller = body.resellerOfRecord();
        if (reseller != null) {
            Ids.require("reseller of record (partner)", reseller);
        }
        Subscription subscription = new Subscription(subscriptionId, customerId, service, reseller);
        return SubscriptionView.of(directory.saveSubscription(Caller.of(authentication), subscription));
    }

    @Get("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Operation(summary = "Read a customer's subscription")
    public SubscriptionView getSubscription(String customerId, String subscriptionId) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        return SubscriptionView.of(directory.subscription(customerId, subscriptionId));
    }

    @Delete("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a customer's subscription")
    @IdempotencyKeyHeader
    public void deleteSubscription(String customerId, String subscriptionId, Authentication authentication) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        directory.cancelSubscription(Caller.of(authentication), customerId, subscriptionId);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("'name' is required: send a display name of 1 to 200 characters.");
        }
        return Texts.require("name", name, 200);
    }
}
