package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code POST .../relationship-acceptances}: the link from the partner's email and the services to grant. */
@Serdeable
public record AcceptanceBody(@Nullable String link, @Nullable List<String> services) {
}
