package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST .../renegotiation}: {@code terminate} must be true, the side's consent to end the relationship. */
@Serdeable
public record RenegotiationBody(@Nullable Boolean terminate) {
}
