package io.relationshippolicy.relationship;

import io.micronaut.serde.annotation.Serdeable;

/** What a partner holds for one service of a customer. */
@Serdeable
public record ServiceGrantView(String service, boolean delegatedAdmin, boolean transacting) {
}
