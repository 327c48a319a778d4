package io.relationshippolicy.authorization;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;
import io.relationshippolicy.policy.Action;

/** An authorization decision with the question it answers. */
@Serdeable
public record AuthorizationAnswer(@JsonUnwrapped DecisionView decision, String partnerId, String customerId, Action action,
                                  @Nullable String service, @Nullable String subscriptionId) {
}
