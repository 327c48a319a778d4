package io.relationshippolicy.relationship;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.policy.RelationshipState;

import java.util.Locale;

/** A renegotiation decision with the relationship's state after it: ACTIVE (waiting for the other side) or TERMINATED. */
@Serdeable
public record RenegotiationAnswer(@JsonUnwrapped DecisionView decision, @Nullable String state) {

    static RenegotiationAnswer of(Logged<RelationshipState> renegotiated, Locale locale) {
        RelationshipState state = renegotiated.result();
        return new RenegotiationAnswer(DecisionView.of(renegotiated.decision(), renegotiated.entry(), locale),
                state == null ? null : state.name());
    }
}
