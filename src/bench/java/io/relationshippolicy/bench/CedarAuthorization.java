package io.relationshippolicy.bench;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The authorization policy in Cedar ({@code cedar/authorization.cedar}), run through cedar-java over the same
 * partner-scoped facts the DRL rules see. The policy set is parsed once and cached on the native side.
 */
public final class CedarAuthorization {

    /** Outcome, reason codes and obligation codes, in the shape both engines can be compared in. */
    public record Answer(Outcome outcome, Set<String> reasons, Set<String> obligations) {

        public static Answer of(Decision decision) {
            return new Answer(decision.outcome(), new TreeSet<>(decision.reasonCodes()), new TreeSet<>(decision.obligationCodes()));
        }
    }

    /** A request as Cedar takes it: the request itself and the entities it refers to. */
    public record Prepared(com.cedarpolicy.model.AuthorizationRequest request, Entities entities) {
    }

    private static final EntityTypeName PARTNER = EntityTypeName.parse("Partner").orElseThrow();
    private static final EntityTypeName CUSTOMER = EntityTypeName.parse("Customer").orElseThrow();
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final Map<String, String> codeByPolicy = new HashMap<>();
    private final Map<String, String> obligationByPolicy = new HashMap<>();

    public CedarAuthorization() {
        try (InputStream in = CedarAuthorization.class.getResourceAsStream("/cedar/authorization.cedar")) {
            policies = PolicySet.parsePolicies(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            for (Policy policy : policies.policies) {
                Map<String, String> annotations = policy.getAnnotations();
                if (annotations.containsKey("code")) {
                    codeByPolicy.put(policy.getID(), annotations.get("code"));
                }
                if (annotations.containsKey("obligation")) {
                    obligationByPolicy.put(policy.getID(), annotations.get("obligation"));
                }
            }
            policies.cache();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InternalException | com.cedarpolicy.model.exception.CacheException e) {
            throw new IllegalStateException("the Cedar policy does not parse: " + e.getMessage(), e);
        }
    }

    public int policyCount() {
        return policies.getNumPolicies();
    }

    /** Translates the facts the service reads for one authorization into a Cedar request. */
    public static Prepared prepare(CustomerWorld slice, Partner partner, AuthorizationRequest request) {
        EntityUID principal = PARTNER.of(partner.id());
        EntityUID resource = CUSTOMER.of(request.customerId());
        Entity partnerEntity = new Entity(principal, Map.of("program", new PrimString(partner.program().name())), Set.of());
        Entity customerEntity = new Entity(resource, Map.of(), Set.of());

        boolean active = slice.relationships().stream()
                .anyMatch(r -> r.partnerId().equals(partner.id()) && r.customerId().equals(request.customerId()) && r.isActive());
        CedarList granted = new CedarList();
        CedarList delegatedAdmin = new CedarList();
        CedarList transacting = new CedarList();
        for (Grant g : slice.grants()) {
            if (!g.partnerId().equals(partner.id()) || !g.customerId().equals(request.customerId())) {
                continue;
            }
            granted.add(new PrimString(g.service()));
            if (g.delegatedAdmin()) {
                delegatedAdmin.add(new PrimString(g.service()));
            }
            if (g.transacting()) {
                transacting.add(new PrimString(g.service()));
            }
        }
        Map<String, Value> context = new HashMap<>();
        context.put("relationshipActive", new PrimBool(active));
        context.put("grantedServices", granted);
        context.put("delegatedAdminServices", delegatedAdmin);
        context.put("transactingServices", transacting);
        if (request.service() != null) {
            context.put("service", new PrimString(request.service()));
        }
        if (request.subscriptionId() != null) {
            for (Subscription s : slice.subscriptions()) {
                if (s.id().equals(request.subscriptionId()) && s.customerId().equals(request.customerId())) {
                    Map<String, Value> subscription = new HashMap<>();
                    subscription.put("service", new PrimString(s.service()));
                    if (s.resellerOfRecord() != null) {
                        subscription.put("resellerOfRecord", PARTNER.of(s.resellerOfRecord()));
                    }
                    context.put("subscription", new CedarMap(subscription));
                }
            }
        }
        var cedarRequest = new com.cedarpolicy.model.AuthorizationRequest(principal, ACTION.of(request.action().name()), resource, context);
        return new Prepared(cedarRequest, new Entities(Set.of(partnerEntity, customerEntity)));
    }

    public Answer decide(Prepared prepared) {
        AuthorizationResponse response;
        try {
            response = engine.isAuthorized(prepared.request(), policies, prepared.entities());
        } catch (AuthException e) {
            throw new IllegalStateException("Cedar could not evaluate the request: " + e.getMessage(), e);
        }
        AuthorizationSuccessResponse success = response.success
                .orElseThrow(() -> new IllegalStateException("Cedar failed: " + response.errors));
        if (!success.getErrors().isEmpty()) {
            throw new IllegalStateException("a Cedar policy raised an error: " + success.getErrors());
        }
        Set<String> reasons = new TreeSet<>();
        Set<String> obligations = new TreeSet<>();
        if (success.isAllowed()) {
            for (String id : success.getReason()) {
                if (obligationByPolicy.containsKey(id)) {
                    obligations.add(obligationByPolicy.get(id));
                }
            }
            return new Answer(Outcome.ALLOW, reasons, obligations);
        }
        for (String id : success.getReason()) {
            reasons.add(codeByPolicy.getOrDefault(id, "UNANNOTATED:" + id));
        }
        if (reasons.isEmpty()) {
            reasons.add(Decision.NO_RULE_ALLOWS);
        }
        return new Answer(Outcome.DENY, reasons, obligations);
    }

    public Answer decide(CustomerWorld slice, Partner partner, AuthorizationRequest request) {
        return decide(prepare(slice, partner, request));
    }

}
