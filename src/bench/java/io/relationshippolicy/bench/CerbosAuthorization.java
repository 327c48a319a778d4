package io.relationshippolicy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The authorization policy in Cerbos ({@code cerbos/policies/customer.yaml}), asked over HTTP
 * ({@code POST /api/check/resources}) with the same partner-scoped facts the DRL rules see: the partner is the
 * principal (its program an attribute), the customer the resource (relationship state, grants per service, the
 * service or subscription named as attributes), the action the request's action. Requests of one partner go in
 * one call, up to {@link #BATCH} resources each.
 */
public final class CerbosAuthorization {

    /** Resources per call at most; the configuration allows 500. */
    public static final int BATCH = 500;

    /**
     * What Cerbos answered: the effect, the reason codes output by the deny rules (in practice one: Cerbos stops
     * at the first deny rule that matches an action, where the DRL lists every missing need;
     * {@link Decision#NO_RULE_ALLOWS} when no deny rule matched) and the obligations output by the allow rules.
     */
    public record Answer(Outcome outcome, Set<String> reasons, Set<String> obligations) {
    }

    /** One authorization as the service would evaluate it: the facts it reads and the request. */
    public record Request(CustomerWorld slice, Partner partner, AuthorizationRequest request) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI check;

    public CerbosAuthorization(URI base) {
        this.check = base.resolve("/api/check/resources");
    }

    /** The principal of a request: the partner, role {@code partner}, its program. */
    public static ObjectNode principal(Partner partner) {
        ObjectNode principal = JSON.createObjectNode();
        principal.put("id", partner.id());
        principal.putArray("roles").add("partner");
        principal.putObject("attr").put("program", partner.program().name());
        return principal;
    }

    /** The resource entry of a request: the customer with the facts as attributes, and the one action asked. */
    public static ObjectNode resource(CustomerWorld slice, Partner partner, AuthorizationRequest request) {
        ObjectNode entry = JSON.createObjectNode();
        entry.putArray("actions").add(request.action().name());
        ObjectNode resource = entry.putObject("resource");
        resource.put("kind", "customer");
        resource.put("id", request.customerId());
        ObjectNode attr = resource.putObject("attr");
        attr.put("relationshipState", slice.relationships().stream()
                .filter(r -> r.partnerId().equals(partner.id()) && r.customerId().equals(request.customerId()))
                .map(Relationship::state).map(Enum::name).findFirst().orElse("NONE"));
        ObjectNode grants = attr.putObject("grants");
        for (Grant g : slice.grants()) {
            if (g.partnerId().equals(partner.id()) && g.customerId().equals(request.customerId())) {
                grants.putObject(g.service()).put("delegatedAdmin", g.delegatedAdmin()).put("transacting", g.transacting());
            }
        }
        if (request.service() != null) {
            attr.put("service", request.service());
        }
        if (request.subscriptionId() != null) {
            for (Subscription s : slice.subscriptions()) {
                if (s.id().equals(request.subscriptionId()) && s.customerId().equals(request.customerId())) {
                    ObjectNode subscription = attr.putObject("subscription");
                    subscription.put("id", s.id());
                    subscription.put("service", s.service());
                    if (s.resellerOfRecord() != null) {
                        subscription.put("resellerOfRecord", s.resellerOfRecord());
                    }
                }
            }
        }
        return entry;
    }

    /** The body of one {@code CheckResources} call for requests of one partner. */
    public static ObjectNode body(String requestId, List<Request> requests) {
        ObjectNode body = JSON.createObjectNode();
        body.put("requestId", requestId);
        body.set("principal", principal(requests.get(0).partner()));
        ArrayNode resources = body.putArray("resources");
        for (Request r : requests) {
            resources.add(resource(r.slice(), r.partner(), r.request()));
        }
        return body;
    }

    /** Decides every request, in order: consecutive requests of the same partner share a call. */
    public List<Answer> decide(List<Request> requests) {
        List<Answer> answers = new ArrayList<>(requests.size());
        int from = 0;
        while (from < requests.size()) {
            Partner partner = requests.get(from).partner();
            int to = from + 1;
            while (to < requests.size() && to - from < BATCH && requests.get(to).partner().equals(partner)) {
                to++;
            }
            answers.addAll(call("batch-" + from, requests.subList(from, to)));
            from = to;
        }
        return answers;
    }

    private List<Answer> call(String requestId, List<Request> requests) {
        JsonNode response;
        try {
            HttpRequest post = HttpRequest.newBuilder(check)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(requestId, requests))))
                    .build();
            HttpResponse<byte[]> answer = client.send(post, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Cerbos answered " + answer.statusCode() + ": " + new String(answer.body()));
            }
            response = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode results = response.path("results");
        if (results.size() != requests.size()) {
            throw new IllegalStateException("asked " + requests.size() + " resources, Cerbos answered " + results.size());
        }
        List<Answer> answers = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            answers.add(answer(results.get(i), requests.get(i).request().action().name()));
        }
        return answers;
    }

    private static Answer answer(JsonNode result, String action) {
        String effect = result.path("actions").path(action).asText();
        Outcome outcome = switch (effect) {
            case "EFFECT_ALLOW" -> Outcome.ALLOW;
            case "EFFECT_DENY" -> Outcome.DENY;
            default -> throw new IllegalStateException("no effect for " + action + " in " + result);
        };
        Set<String> reasons = new TreeSet<>();
        Set<String> obligations = new TreeSet<>();
        for (JsonNode output : result.path("outputs")) {
            if (!action.equals(output.path("action").asText())) {
                continue;
            }
            JsonNode value = output.path("val");
            if (value.has("reason") && outcome == Outcome.DENY) {
                reasons.add(value.get("reason").asText());
            }
            if (value.has("obligation") && outcome == Outcome.ALLOW) {
                obligations.add(value.get("obligation").asText());
            }
        }
        if (outcome == Outcome.DENY && reasons.isEmpty()) {
            reasons.add(Decision.NO_RULE_ALLOWS);
        }
        return new Answer(outcome, reasons, obligations);
    }
}
