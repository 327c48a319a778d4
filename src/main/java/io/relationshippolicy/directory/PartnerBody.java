package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PUT /partners/{partnerId}}: the partner's display name, cloud and program. */
@Serdeable
public record PartnerBody(@Nullable String name, @Nullable String cloud, @Nullable String program) {
}
