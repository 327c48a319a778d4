package io.relationshippolicy.relationship;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** A rotation of the request-link signing key: the new key, the retired ones, and when. */
@Serdeable
public record LinkKeyRotationView(String keyId, List<String> retiredKeyIds, Instant rotatedAt) {
}
