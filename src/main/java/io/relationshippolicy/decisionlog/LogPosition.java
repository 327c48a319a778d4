package io.relationshippolicy.decisionlog;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Where a decision landed in the log, as its caller learns it once the entry is committed: enough to render the
 * answer ({@code decisionId}, {@code decidedAt}) and to find the entry again. Small and serialisable, so a result
 * kept with an idempotency key can carry it.
 */
@Serdeable
public record LogPosition(String decisionId, long sequence, Instant decidedAt, String hash) {
}
