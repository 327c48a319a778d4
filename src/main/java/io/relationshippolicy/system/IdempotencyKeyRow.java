package io.relationshippolicy.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of table idempotency_key: a caller's key, the fingerprint of the request that used it and the answer
 * (status 0 while the request is still being processed).
 */
@MappedEntity("idempotency_key")
public record IdempotencyKeyRow(@EmbeddedId Key key, String fingerprint, int status, @Nullable String response, Instant createdAt) {

    @Embeddable
    public record Key(@MappedProperty("caller_sub") String callerSub, @MappedProperty("caller_tenant") String callerTenant,
                      @MappedProperty("idempotency_key") String idempotencyKey) {
    }
}
