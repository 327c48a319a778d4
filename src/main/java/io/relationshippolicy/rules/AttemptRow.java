package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of table rules_attempt; the database numbers the rows. */
@MappedEntity("rules_attempt")
public record AttemptRow(@Id @GeneratedValue @Nullable Long id, Instant attemptedAt, String attemptedBy, String action,
                         String candidateVersion, String result, String reason) {
}
