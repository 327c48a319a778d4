package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.relationshippolicy.policy.fact.Subscription;

import java.time.Instant;

/** A row of table subscription: a subscription's id is unique within its customer. */
@MappedEntity("subscription")
public record SubscriptionRow(@EmbeddedId Key key, String service, @Nullable String resellerOfRecord, Instant updatedAt) {

    @Embeddable
    public record Key(@MappedProperty("customer_id") String customerId, @MappedProperty("id") String id) {
    }

    static SubscriptionRow of(Subscription s, Instant at) {
        return new SubscriptionRow(new Key(s.customerId(), s.id()), s.service(), s.resellerOfRecord(), at);
    }

    Subscription toSubscription() {
        return new Subscription(key.id(), key.customerId(), service, resellerOfRecord);
    }
}
