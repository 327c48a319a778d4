package io.relationshippolicy.authorization;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The answers to a batch of authorization questions, in request order. */
@Serdeable
public record AuthorizationBatchAnswer(List<AuthorizationAnswer> decisions) {
}
