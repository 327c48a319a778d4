package io.relationshippolicy.rules;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of table rules_activation; {@code filesChanged} is the canonical JSON of {@link RulesActivationStore.FilesChanged}. */
@MappedEntity("rules_activation")
public record ActivationRow(@Id Long id, String version, Instant activatedAt, String activatedBy, String filesChanged) {
}
