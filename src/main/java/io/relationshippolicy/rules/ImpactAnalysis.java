package io.relationshippolicy.rules;

import io.relationshippolicy.policy.CommandCodec;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;

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
    public static Decision decide(PolicyEngine engine, LoggedInput logged) {
        return RelationshipPolicy.decide(engine, CommandCodec.decode(logged.kind(), logged.input())).decision();
    }
}
