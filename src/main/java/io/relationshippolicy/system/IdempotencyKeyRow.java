package io.relationshippolicy.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of table idempotency_key: a caller's key, the fingerprint of the request that used it, and what its answer
 * is rendered from: the language-neutral {@code result} of the service call (JSON; null for a call that returns
 * nothing) and the {@code language} the caller asked for. A claimed row is written in the transaction of the call
 * and completed before that transaction commits, so no other transaction ever sees it half written.
 * {@code status} and {@code response} hold an answer kept rendered by a version before ADR 0005; null otherwise.
 */
@MappedEntity("idempotency_key")
public record IdempotencyKeyRow(@EmbeddedId Key key, String fingerprint, @Nullable String result, @Nullable String language,
                                @Nullable Integer status, @Nullable String response, Instant createdAt) {

    @Embeddable
    public record Key(@MappedProperty("caller_sub") String callerSub, @MappedProperty("caller_tenant") String callerTenant,
                      @MappedProperty("idempotency_key") String idempotencyKey) {
    }

    /** The key taken for a call that is running: its answer is written before the call's transaction commits. */
    public static IdempotencyKeyRow claimed(Key key, String fingerprint, Instant at) {
        return new IdempotencyKeyRow(key, fingerprint, null, null, null, null, at);
    }

    /** True for a row an earlier version wrote with its answer already rendered (status and body). */
    public boolean keptRendered() {
        return status != null;
    }
}
