package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** {@code POST /rules/validate}: candidate files laid over the active ones, and how many logged decisions to replay. */
@Serdeable
public record ValidateBody(@Nullable Map<String, String> files, @Nullable Integer last) {
}
