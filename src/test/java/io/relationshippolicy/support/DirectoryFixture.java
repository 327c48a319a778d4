package io.relationshippolicy.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;

/**
 * The world of a test in a line or two: partners, customers, subscriptions and accepted relationships,
 * each under ids of its own for this run (so tests sharing a service never meet), all made through the API
 * as an operator, a partner and a customer's administrator would make them.
 */
public final class DirectoryFixture {

    private final Api api;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    public DirectoryFixture(Api api) {
        this.api = api;
    }

    /** A CSP partner in the public cloud, id {@code <prefix>-<run>}. */
    public String csp(String prefix, String name) {
        return partner(prefix, name, "PUBLIC", "CSP");
    }

    /** A partner outside the CSP program (an advisor) in the public cloud. */
    public String advisor(String prefix, String name) {
        return partner(prefix, name, "PUBLIC", "NON_CSP");
    }

    public String partner(String prefix, String name, String cloud, String program) {
        String id = prefix + "-" + run;
        api.putPartner(id, name, cloud, program);
        return id;
    }

    /** A customer in the public cloud, id {@code <prefix>-<run>}. */
    public String customer(String prefix, String name) {
        return customer(prefix, name, "PUBLIC");
    }

    public String customer(String prefix, String name, String cloud) {
        String id = prefix + "-" + run;
        api.putCustomer(id, name, cloud);
        return id;
    }

    public void subscription(String customerId, String subscriptionId, String service, String resellerOfRecord) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("service", service);
        body.put("resellerOfRecord", resellerOfRecord);
        Api.Response r = api.put("/api/v1/customers/" + customerId + "/subscriptions/" + subscriptionId, body, operator());
        if (r.status() != 200) {
            throw new AssertionError("PUT subscription " + subscriptionId + " answered " + r.status() + ": " + r.body());
        }
    }

    /** The partner's request link, as its request email carries it. */
    public String link(String partnerId) {
        Api.Response r = api.get("/api/v1/partners/" + partnerId + "/relationship-request", TestTokens.partner(partnerId));
        if (r.status() != 200) {
            throw new AssertionError("the request link of " + partnerId + " answered " + r.status() + ": " + r.body());
        }
        return r.get("link");
    }

    /** The customer's administrator accepts the partner's link for these services; the acceptance must be allowed. */
    public Api.Response accepted(String customerId, String partnerId, String... services) {
        Api.Response r = api.post("/api/v1/customers/" + customerId + "/relationship-acceptances",
                Map.of("link", link(partnerId), "services", List.of(services)), customerAdmin(customerId));
        if (r.status() != 200 || !"ALLOW".equals(r.get("outcome"))) {
            throw new AssertionError("accepting " + partnerId + " for " + List.of(services) + " answered " + r.status() + ": " + r.body());
        }
        return r;
    }
}
