package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.fact.Subscription;

/** A customer's subscription as the directory holds it. */
@Serdeable
public record SubscriptionView(String id, String customerId, String service, @Nullable String resellerOfRecord) {

    static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id(), s.customerId(), s.service(), s.resellerOfRecord());
    }
}
