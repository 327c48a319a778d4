package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code POST /decision-log/verification}: the signed checkpoints an auditor kept. */
@Serdeable
public record VerificationBody(@Nullable List<DecisionLogCheckpoints.Checkpoint> checkpoints) {
}
