package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.system.Messages;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A decision as callers receive it: outcome, reasons and obligations with clause, rule and a message in their language. */
@Serdeable
public record DecisionView(String decisionId, DecisionKind kind, Outcome outcome, List<ReasonView> reasons,
                           List<ObligationView> obligations, String rulesVersion, Instant decidedAt) {

    @Serdeable
    public record ReasonView(String code, @Nullable String clause, @Nullable String ruleId, String message,
                             @Nullable String service, @Nullable String partnerId) {
        public static ReasonView of(Decision.Reason r, Locale locale) {
            return new ReasonView(r.code(), r.clause(), r.ruleId(), Messages.message(r.code(), locale), r.service(), r.partnerId());
        }
    }

    @Serdeable
    public record ObligationView(String code, @Nullable String clause, @Nullable String ruleId, String message,
                                 @Nullable String service, @Nullable String partnerId) {
        public static ObligationView of(Decision.Obligation o, Locale locale) {
            return new ObligationView(o.code(), o.clause(), o.ruleId(), Messages.message(o.code(), locale), o.service(), o.partnerId());
        }
    }

    /** The answer to the caller whose decision was logged as {@code logged}. */
    public static DecisionView of(Decision decision, StoredEntry logged, Locale locale) {
        return of(decision, logged.position(), locale);
    }

    public static DecisionView of(Decision decision, LogPosition logged, Locale locale) {
        return new DecisionView(logged.decisionId(), decision.kind(), decision.outcome(),
                decision.reasons().stream().map(r -> ReasonView.of(r, locale)).toList(),
                decision.obligations().stream().map(o -> ObligationView.of(o, locale)).toList(),
                decision.rulesVersion(), logged.decidedAt());
    }

    public static List<ReasonView> reasons(List<Decision.Reason> reasons, Locale locale) {
        return reasons.stream().map(r -> ReasonView.of(r, locale)).toList();
    }
}
