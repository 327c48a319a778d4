package io.relationshippolicy.authorization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The bench endpoint's constant answer: an outcome and the partner id it read, if any. */
@Serdeable
public record BareBenchAnswer(String outcome, @Nullable String partnerId) {
}
