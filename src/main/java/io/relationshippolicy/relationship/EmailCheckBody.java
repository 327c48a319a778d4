package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST .../relationship-request/email-check}: the email as the partner will send it. */
@Serdeable
public record EmailCheckBody(@Nullable String body) {
}
