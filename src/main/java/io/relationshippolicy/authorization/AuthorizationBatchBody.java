package io.relationshippolicy.authorization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code POST /decisions/batch}: up to 1000 authorization questions. */
@Serdeable
public record AuthorizationBatchBody(@Nullable List<AuthorizationRequestBody> requests) {
}
