package io.relationshippolicy.decisionlog;

import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.security.Caller;

import java.util.Map;

/**
 * A decision about to be logged, with who asked, what it concerned, and the input it was evaluated on
 * ({@code input}: plain maps, lists and scalars, ready for canonical JSON).
 */
public record NewEntry(Decision decision, Caller actor, String partnerId, String customerId, String action,
                       String service, String subscriptionId, Map<String, Object> input, long durationMicros) {
}
