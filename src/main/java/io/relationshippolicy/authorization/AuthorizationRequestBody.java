package io.relationshippolicy.authorization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One authorization question: may this partner take this action on this customer (and service or subscription)? */
@Serdeable
public record AuthorizationRequestBody(@Nullable String partnerId, @Nullable String customerId, @Nullable String action,
                                       @Nullable String service, @Nullable String subscriptionId) {
}
