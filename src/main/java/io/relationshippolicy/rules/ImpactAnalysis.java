package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.WorldCodec;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a candidate rules version would have decided on decisions already taken. Each decision-log entry
 * keeps the request and the world it was evaluated on ({@code input}); this rebuilds the command from them,
 * exactly as the service built it, asks the candidate, and compares outcome, reason codes and obligation
 * codes with what was logged. Pure Java: the service and the {@code rules impact} command both use it.
 *
 * <p>Fields the log masks (the email body) are not needed: the email check is replayed from the
 * {@code linkIntact} the service derived from the body, which the log keeps.
 */
public final class ImpactAnalysis {

    /** A logged decision, as far as a replay needs it. {@code input} is the entry's input, parsed. */
    public record LoggedInput(String decisionId, long sequence, DecisionKind kind, Instant decidedAt, String rulesVersion,
                              String partnerId, String customerId, Outcome outcome, List<String> reasonCodes,
                              List<String> obligationCodes, Map<String, Object> input) {
    }

    /** An outcome with its codes, sorted: {@code codes} is reasons and obligations together. */
    public record Verdict(Outcome outcome, List<String> codes, List<String> reasons, List<String> obligations) {

        static Verdict of(Outcome outcome, List<String> reasons, List<String> obligations) {
            List<String> r = reasons.stream().sorted().toList();
            List<String> o = obligations.stream().sorted().toList();
            return new Verdict(outcome, Stream.concat(r.stream(), o.stream()).sorted().toList(), r, o);
        }
    }

    /** A decision the candidate would take differently. */
    public record Change(String decisionId, long sequence, DecisionKind kind, Instant decidedAt, String rulesVersion,
                         String partnerId, String customerId, Verdict before, Verdict after) {
    }

    /** A logged decision that could not be replayed, and why. */
    public record Skipped(String decisionId, long sequence, String reason) {
    }

    /**
     * {@code overBudget}: logged decisions on which the candidate ran past its evaluation budget; a candidate with
     * any is refused, as it would fail those decisions closed.
     */
    public record Impact(int replayed, List<Change> changed, List<Skipped> skipped, List<Skipped> overBudget) {
        public Impact {
            changed = List.copyOf(changed);
            skipped = List.copyOf(skipped);
            overBudget = List.copyOf(overBudget);
        }

        public Impact(int replayed, List<Change> changed, List<Skipped> skipped) {
            this(replayed, changed, skipped, List.of());
        }
    }

    private final PolicyEngine candidate;
    private final List<Change> changed = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final List<Skipped> overBudget = new ArrayList<>();
    private int replayed;

    public ImpactAnalysis(PolicyEngine candidate) {
        this.candidate = candidate;
    }

    public static Impact of(PolicyEngine candidate, Iterable<LoggedInput> decisions) {
        ImpactAnalysis analysis = new ImpactAnalysis(candidate);
        decisions.forEach(analysis::replay);
        return analysis.result();
    }

    /** Replays one logged decision; feed them newest first, the order the result lists them in. */
    public void replay(LoggedInput logged) {
        Decision after;
        try {
            after = decide(candidate, logged);
        } catch (EvaluationOverBudget e) {
            overBudget.add(new Skipped(logged.decisionId(), logged.sequence(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            skipped.add(new Skipped(logged.decisionId(), logged.sequence(),
                    "its input cannot be replayed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            return;
        }
        replayed++;
        Verdict before = Verdict.of(logged.outcome(), logged.reasonCodes(), logged.obligationCodes());
        Verdict now = Verdict.of(after.outcome(), after.reasonCodes(), after.obligationCodes());
        if (!before.equals(now)) {
            changed.add(new Change(logged.decisionId(), logged.sequence(), logged.kind(), logged.decidedAt(), logged.rulesVersion(),
                    logged.partnerId(), logged.customerId(), before, now));
        }
    }

    public Impact result() {
        return new Impact(replayed, changed, skipped, overBudget);
    }

    /** The decision {@code engine} takes on the command and world a log entry recorded. */
    @SuppressWarnings("unchecked")
    public static Decision decide(PolicyEngine engine, LoggedInput logged) {
        Map<String, Object> request = (Map<String, Object>) require(logged.input(), "request");
        Map<String, Object> facts = (Map<String, Object>) require(logged.input(), "facts");
        return switch (logged.kind()) {
            case LINK_ISSUED -> RelationshipPolicy.issueLink(engine, WorldCodec.decodePartner((Map<String, Object>) require(facts, "partner")));
            case EMAIL_CHECK -> RelationshipPolicy.checkEmail(engine, WorldCodec.decodePartner((Map<String, Object>) require(facts, "partner")),
                    bool(require(request, "linkIntact")));
            case ACCEPTANCE -> {
                CustomerWorld world = WorldCodec.decode(facts);
                Partner partner = partnerIn(world, (String) request.get("partnerId"));
                yield RelationshipPolicy.accept(engine, world, new RelationshipPolicy.AcceptanceCommand(partner,
                        LinkStatus.valueOf((String) require(request, "linkStatus")), bool(require(request, "actorIsCustomerAdmin")),
                        strings(request.get("services")))).decision();
            }
            case DAP_REMOVAL -> RelationshipPolicy.removeDelegatedAdmin(engine, WorldCodec.decode(facts),
                    new RelationshipPolicy.RemovalCommand((String) request.get("partnerId"), strings(request.get("services")),
                            bool(require(request, "actorIsCustomerAdmin")))).decision();
            case RENEGOTIATION -> RelationshipPolicy.renegotiate(engine, WorldCodec.decode(facts),
                    new RelationshipPolicy.RenegotiationCommand((String) require(request, "partnerId"),
                            Side.valueOf((String) require(request, "side")))).decision();
            case AUTHORIZATION -> {
                CustomerWorld world = WorldCodec.decode(facts);
                String partnerId = (String) require(request, "partnerId");
                Partner partner = partnerIn(world, partnerId);
                if (partner == null) {
                    throw new IllegalArgumentException("the recorded facts do not hold partner " + partnerId);
                }
                yield RelationshipPolicy.authorize(engine, world, partner, new AuthorizationRequest(partnerId,
                        (String) require(request, "customerId"), Action.valueOf((String) require(request, "action")),
                        (String) request.get("service"), (String) request.get("subscriptionId")));
            }
        };
    }

    private static Partner partnerIn(CustomerWorld world, String partnerId) {
        return partnerId == null ? null : world.partner(partnerId).orElse(null);
    }

    private static Object require(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("expected true or false, found " + value);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
