package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PUT .../subscriptions/{subscriptionId}}: the service bought and its reseller of record, if a partner. */
@Serdeable
public record SubscriptionBody(@Nullable String service, @Nullable String resellerOfRecord) {
}
