package io.relationshippolicy.relationship;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;

/** A renegotiation decision with the relationship's state after it: ACTIVE (waiting for the other side) or TERMINATED. */
@Serdeable
public record RenegotiationAnswer(@JsonUnwrapped DecisionView decision, @Nullable String state) {
}
