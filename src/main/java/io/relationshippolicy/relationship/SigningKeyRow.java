package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of table signing_key: a key generated for this installation ({@code secret} base64); a retired key is kept. */
@MappedEntity("signing_key")
public record SigningKeyRow(@Id String keyId, String purpose, String secret, Instant createdAt, @Nullable Instant retiredAt) {

    boolean retired() {
        return retiredAt != null;
    }
}
