package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PUT /customers/{customerId}}: the customer's display name and cloud. */
@Serdeable
public record CustomerBody(@Nullable String name, @Nullable String cloud) {
}
