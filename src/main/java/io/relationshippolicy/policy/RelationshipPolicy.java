package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.AcceptanceRequest;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.ClearDelegatedAdmin;
import io.relationshippolicy.policy.fact.DapRemovalRequest;
import io.relationshippolicy.policy.fact.EmailCheckRequest;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.GrantDelegatedAdmin;
import io.relationshippolicy.policy.fact.LinkIssueRequest;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.RecordConsent;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.RemovalTarget;
import io.relationshippolicy.policy.fact.RenegotiationRequest;
import io.relationshippolicy.policy.fact.RequestedService;
import io.relationshippolicy.policy.fact.TerminateRelationship;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy core: turns a command and the world it applies to into facts, asks the rules, and turns what
 * the rules inserted into a decision and the state changes that follow from it. It reads and writes
 * nothing itself; the application persists the changes and the decision together.
 */
public final class RelationshipPolicy {

    private RelationshipPolicy() {
    }

    /** What deciding a command produced: the decision and, for the commands that change state, what changes. */
    public interface Decided {
        Decision decision();
    }

    /** The result of a command that changes no state: the decision alone. */
    public record DecisionOnly(Decision decision) implements Decided {
    }

    /**
     * The one place any command becomes a decision: the service's own calls, the scenarios and the replay of
     * logged decisions all arrive here or at the typed method it names.
     */
    public static Decided decide(PolicyEngine engine, PolicyCommand command) {
        if (command instanceof PolicyCommand.IssueLink c) {
            return new DecisionOnly(issueLink(engine, c.partner()));
        }
        if (command instanceof PolicyCommand.CheckEmail c) {
            return new DecisionOnly(checkEmail(engine, c.partner(), c.linkIntact()));
        }
        if (command instanceof PolicyCommand.Accept c) {
            return accept(engine, c);
        }
        if (command instanceof PolicyCommand.RemoveDelegatedAdmin c) {
            return removeDelegatedAdmin(engine, c);
        }
        if (command instanceof PolicyCommand.Renegotiate c) {
            return renegotiate(engine, c);
        }
        return new DecisionOnly(authorize(engine, (PolicyCommand.Authorize) command));
    }

    public static Decision issueLink(PolicyEngine engine, Partner partner) {
        return Decisions.aggregate(DecisionKind.LINK_ISSUED, engine.evaluate(List.of(partner, new LinkIssueRequest(partner.id()))));
    }

    public static Decision checkEmail(PolicyEngine engine, Partner partner, boolean linkIntact) {
        return Decisions.aggregate(DecisionKind.EMAIL_CHECK,
                engine.evaluate(List.of(partner, new EmailCheckRequest(partner.id(), linkIntact))));
    }

    // ---------------------------------------------------------------- acceptance

    public record DeniedService(String service, List<Decision.Reason> reasons) {
    }

    /** {@code relationship} and {@code changedGrants} are what to store; both empty when nothing changes. */
    public record AcceptanceResult(Decision decision, String partnerId, List<String> grantedServices,
                                   List<DeniedService> deniedServices, Optional<Relationship> relationship,
                                   List<Grant> changedGrants) implements Decided {
    }

    /** What acceptance rules see: the customer's relationships and grants, and the partner the link names. */
    public static CustomerWorld acceptanceFacts(CustomerWorld world, Partner partner) {
        return world.withPartner(partner).withoutSubscriptions();
    }

    /** What DAP-removal rules see: the customer's relationships and grants with their partners. */
    public static CustomerWorld removalFacts(CustomerWorld world) {
        return world.withoutSubscriptions();
    }

    public static AcceptanceResult accept(PolicyEngine engine, PolicyCommand.Accept command) {
        CustomerWorld world = command.world();
        CustomerWorld facts = acceptanceFacts(world, command.partner());
        String partnerId = command.partner() == null ? null : command.partner().id();
        List<String> services = List.copyOf(new LinkedHashSet<>(command.services()));
        List<Object> input = facts.facts();
        input.add(new AcceptanceRequest(partnerId, world.customer().id(), command.linkStatus(), command.actorIsCustomerAdmin()));
        services.forEach(s -> input.add(new RequestedService(s)));
        Evaluation evaluation = engine.evaluate(input);

        List<Decision.Reason> all = Decisions.reasons(evaluation);
        List<Decision.Reason> requestLevel = all.stream().filter(r -> r.service() == null).toList();
        Map<String, Boolean> transactingByService = new LinkedHashMap<>();
        for (GrantDelegatedAdmin g : evaluation.facts(GrantDelegatedAdmin.class)) {
            transactingByService.merge(g.service(), g.transacting(), Boolean::logicalOr);
        }

        List<String> granted = new ArrayList<>();
        List<DeniedService> denied = new ArrayList<>();
        List<Decision.Reason> reasons = new ArrayList<>(requestLevel);
        for (String service : services) {
            List<Decision.Reason> serviceReasons = all.stream().filter(r -> service.equals(r.service())).toList();
            if (!requestLevel.isEmpty()) {
                denied.add(new DeniedService(service, requestLevel));
            } else if (!serviceReasons.isEmpty()) {
                denied.add(new DeniedService(service, serviceReasons));
                reasons.addAll(serviceReasons);
            } else if (transactingByService.containsKey(service)) {
                granted.add(service);
            } else {
                Decision.Reason fallback = Decisions.defaultDeny(service);
                denied.add(new DeniedService(service, List.of(fallback)));
                reasons.add(fallback);
            }
        }
        if (services.isEmpty() && reasons.isEmpty()) {
            reasons.add(Decisions.defaultDeny(null));
        }
        Outcome outcome = requestLevel.isEmpty() && !granted.isEmpty() ? Outcome.ALLOW : Outcome.DENY;
        Decision decision = new Decision(DecisionKind.ACCEPTANCE, outcome, reasons, Decisions.obligations(evaluation),
                evaluation.firedRuleIds(), evaluation.rulesVersion());
        if (outcome == Outcome.DENY) {
            return new AcceptanceResult(decision, partnerId, List.of(), denied, Optional.empty(), List.of());
        }

        Relationship relationship = world.relationshipOf(partnerId)
                .filter(Relationship::isActive)
                .orElse(Relationship.active(partnerId, world.customer().id()));
        List<Grant> changed = new ArrayList<>();
        for (String service : granted) {
            boolean transacting = transactingByService.get(service);
            Optional<Grant> held = world.grant(partnerId, service);
            Grant next = held
                    .map(g -> new Grant(partnerId, g.customerId(), service, true, g.transacting() || transacting))
                    .orElse(new Grant(partnerId, world.customer().id(), service, true, transacting));
            if (held.isEmpty() || !held.get().equals(next)) {
                changed.add(next);
            }
        }
        Optional<Relationship> relationshipChange = world.relationshipOf(partnerId).filter(relationship::equals).isPresent()
                ? Optional.empty() : Optional.of(relationship);
        return new AcceptanceResult(decision, partnerId, granted, denied, relationshipChange, changed);
    }

    // ---------------------------------------------------------------- DAP removal

    public record RemovalResult(Decision decision, List<Grant> changedGrants) implements Decided {
    }

    public static RemovalResult removeDelegatedAdmin(PolicyEngine engine, PolicyCommand.RemoveDelegatedAdmin command) {
        CustomerWorld world = command.world();
        List<Object> input = removalFacts(world).facts();
        input.add(new DapRemovalRequest(world.customer().id(), command.actorIsCustomerAdmin(), command.partnerId() == null));
        for (Relationship relationship : world.relationships()) {
            if (!relationship.isActive() || (command.partnerId() != null && !command.partnerId().equals(relationship.partnerId()))) {
                continue;
            }
            for (Grant grant : world.grantsOf(relationship.partnerId())) {
                if (command.services().isEmpty() || command.services().contains(grant.service())) {
                    input.add(new RemovalTarget(grant.partnerId(), grant.service()));
                }
            }
        }
        Evaluation evaluation = engine.evaluate(input);
        Decision decision = Decisions.aggregate(DecisionKind.DAP_REMOVAL, evaluation);
        if (!decision.allowed()) {
            return new RemovalResult(decision, List.of());
        }
        List<Grant> changed = new ArrayList<>();
        for (ClearDelegatedAdmin clear : new LinkedHashSet<>(evaluation.facts(ClearDelegatedAdmin.class))) {
            world.grant(clear.partnerId(), clear.service())
                    .filter(Grant::delegatedAdmin)
                    .ifPresent(g -> changed.add(g.withoutDelegatedAdmin()));
        }
        return new RemovalResult(decision, changed);
    }

    // ---------------------------------------------------------------- renegotiation

    /**
     * {@code state} is the relationship's state after the decision (null when there is none);
     * {@code relationship} is what to store, and {@code clearGrants} says the partner's grants end with it.
     */
    public record RenegotiationResult(Decision decision, RelationshipState state, Optional<Relationship> relationship,
                                      boolean clearGrants) implements Decided {
    }

    public static RenegotiationResult renegotiate(PolicyEngine engine, PolicyCommand.Renegotiate command) {
        CustomerWorld world = command.world();
        List<Object> input = world.facts();
        input.add(new RenegotiationRequest(command.partnerId(), world.customer().id(), command.side()));
        Evaluation evaluation = engine.evaluate(input);
        Decision decision = Decisions.aggregate(DecisionKind.RENEGOTIATION, evaluation);
        Optional<Relationship> current = world.relationshipOf(command.partnerId());
        RelationshipState currentState = current.map(Relationship::state).orElse(null);
        if (!decision.allowed() || current.isEmpty()) {
            return new RenegotiationResult(decision, currentState, Optional.empty(), false);
        }
        if (!evaluation.facts(TerminateRelationship.class).isEmpty()) {
            return new RenegotiationResult(decision, RelationshipState.TERMINATED, Optional.of(current.get().terminated()), true);
        }
        Relationship next = current.get();
        for (RecordConsent consent : evaluation.facts(RecordConsent.class)) {
            next = next.withConsent(consent.side());
        }
        return new RenegotiationResult(decision, next.state(),
                next.equals(current.get()) ? Optional.empty() : Optional.of(next), false);
    }

    // ---------------------------------------------------------------- authorization

    public static Decision authorize(PolicyEngine engine, PolicyCommand.Authorize command) {
        return authorize(engine, command.world(), command.partner(), command.request());
    }

    public static Decision authorize(PolicyEngine engine, CustomerWorld world, Partner partner, AuthorizationRequest request) {
        List<Object> input = world.withPartner(partner).facts();
        input.add(request);
        return Decisions.aggregate(DecisionKind.AUTHORIZATION, engine.evaluate(input));
    }


}
