package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.LogPosition;
import io.relationshippolicy.policy.Decision;

/**
 * A decision as its caller learns it once it is committed: what the rules decided, where the log holds it, and
 * what it means for the caller ({@code result}). Language-neutral: the API renders it in its caller's language,
 * and a page would in its reader's. An idempotent call keeps it, as JSON, with its key to replay it (the types of
 * the policy core it holds are imported for serialisation on {@link RelationshipService}).
 */
@Serdeable
public record Logged<T>(@Nullable T result, Decision decision, LogPosition entry) {
}
