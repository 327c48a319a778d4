package io.relationshippolicy.decisionlog;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The signed checkpoints, newest first, with the key that verifies them and the folder they are kept in. */
@Serdeable
public record CheckpointList(String keyId, String publicKey, String folder, List<DecisionLogCheckpoints.Checkpoint> checkpoints) {
}
