package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /rules/reload}: optionally, the version the caller expects to replace. */
@Serdeable
public record ReloadBody(@Nullable String expectedVersion) {
}
