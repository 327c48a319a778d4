package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.Enums;
import io.relationshippolicy.system.Idempotency;
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

    @Serdeable
    public record PartnerBody(@Nullable String name, @Nullable String cloud, @Nullable String program) {
    }

    @Serdeable
    public record PartnerView(String id, String name, Cloud cloud, Program program) {
        static PartnerView of(Partner p) {
            return new PartnerView(p.id(), p.name(), p.cloud(), p.program());
        }
    }

    @Serdeable
    public record CustomerBody(@Nullable String name, @Nullable String cloud) {
    }

    @Serdeable
    public record CustomerView(String id, String name, Cloud cloud) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.id(), c.name(), c.cloud());
        }
    }

    @Serdeable
    public record SubscriptionBody(@Nullable String service, @Nullable String resellerOfRecord) {
    }

    @Serdeable
    public record SubscriptionView(String id, String customerId, String service, @Nullable String resellerOfRecord) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id(), s.customerId(), s.service(), s.resellerOfRecord());
        }
    }

    private final Database database;
    private final DirectoryStore store;
    private final ServiceCatalogue catalogue;
    private final Idempotency idempotency;

    public DirectoryController(Database database, DirectoryStore store, ServiceCatalogue catalogue, Idempotency idempotency) {
        this.database = database;
        this.store = store;
        this.catalogue = catalogue;
        this.idempotency = idempotency;
    }

    @Put("/partners/{partnerId}")
    @Operation(summary = "Create or update a partner")
    public HttpResponse<PartnerView> putPartner(String partnerId, @Body PartnerBody body, Authentication authentication, HttpRequest<?> request,
                                                @Nullable @Header(Idempotency.HEADER) String idempotencyKey) {
        Ids.require("partner", partnerId);
        Partner partner = new Partner(partnerId, name(body.name()), Enums.parse(Cloud.class, "cloud", body.cloud()),
                Enums.parse(Program.class, "program", body.program()));
        return idempotency.respond(request, idempotencyKey, Caller.of(authentication), body, HttpStatus.OK, () -> {
            database.write(c -> {
                store.upsertPartner(partner);
                return null;
            });
            return PartnerView.of(partner);
        });
    }

    @Get("/partners/{partnerId}")
    @Operation(summary = "Read a partner")
    public PartnerView getPartner(String partnerId) {
        Ids.require("partner", partnerId);
        return database.read(c -> store.partner(partnerId)).map(PartnerView::of)
                .orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
    }

    @Put("/customers/{customerId}")
    @Operation(summary = "Create or update a customer")
    public HttpResponse<CustomerView> putCustomer(String customerId, @Body CustomerBody body, Authentication authentication, HttpRequest<?> request,
                                                  @Nullable @Header(Idempotency.HEADER) String idempotencyKey) {
        Ids.require("customer", customerId);
        Customer customer = new Customer(customerId, name(body.name()), Enums.parse(Cloud.class, "cloud", body.cloud()));
        return idempotency.respond(request, idempotencyKey, Caller.of(authentication), body, HttpStatus.OK, () -> {
            database.write(c -> {
                store.upsertCustomer(customer);
                return null;
            });
            return CustomerView.of(customer);
        });
    }

    @Get("/customers/{customerId}")
    @Operation(summary = "Read a customer")
    public CustomerView getCustomer(String customerId) {
        Ids.require("customer", customerId);
        return database.read(c -> store.customer(customerId)).map(CustomerView::of)
                .orElseThrow(() -> ProblemException.notFound("Customer", customerId));
    }

    @Put("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Operation(summary = "Create or update a customer's subscription")
    public HttpResponse<SubscriptionView> putSubscription(String customerId, String subscriptionId, @Body SubscriptionBody body,
                                                          Authentication authentication, HttpRequest<?> request,
                                                          @Nullable @Header(Idempotency.HEADER) String idempotencyKey) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        String service = catalogue.require(body.service());
        String reseller = body.resellerOfRecord();
        if (reseller != null) {
            Ids.require("reseller of record (partner)", reseller);
        }
        Subscription subscription = new Subscription(subscriptionId, customerId, service, reseller);
        return idempotency.respond(request, idempotencyKey, Caller.of(authentication), body, HttpStatus.OK, () -> {
            database.write(c -> {
                store.lockCustomer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
                if (reseller != null && store.partner(reseller).isEmpty()) {
                    throw ProblemException.badRequest("The reseller of record '" + reseller + "' is not a known partner: create the partner first, or send null for a subscription bought through another channel.");
                }
                store.upsertSubscription(subscription);
                return null;
            });
            return SubscriptionView.of(subscription);
        });
    }

    @Get("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Operation(summary = "Read a customer's subscription")
    public SubscriptionView getSubscription(String customerId, String subscriptionId) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        return database.read(c -> store.subscription(customerId, subscriptionId)).map(SubscriptionView::of)
                .orElseThrow(() -> ProblemException.notFound("Subscription", subscriptionId));
    }

    @Delete("/customers/{customerId}/subscriptions/{subscriptionId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a customer's subscription")
    public HttpResponse<Void> deleteSubscription(String customerId, String subscriptionId, Authentication authentication, HttpRequest<?> request,
                                                 @Nullable @Header(Idempotency.HEADER) String idempotencyKey) {
        Ids.require("customer", customerId);
        Ids.require("subscription", subscriptionId);
        return idempotency.respond(request, idempotencyKey, Caller.of(authentication), null, HttpStatus.NO_CONTENT, () -> {
            boolean deleted = database.write(c -> {
                store.lockCustomer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
                return store.deleteSubscription(customerId, subscriptionId);
            });
            if (!deleted) {
                throw ProblemException.notFound("Subscription", subscriptionId);
            }
            return null;
        });
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("'name' is required: send a display name of 1 to 200 characters.");
        }
        return Texts.require("name", name, 200);
    }
}
