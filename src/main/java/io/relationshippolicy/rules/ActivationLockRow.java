package io.relationshippolicy.rules;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** The single row of table rules_activation_lock, which activations on every instance lock in turn. */
@MappedEntity("rules_activation_lock")
public record ActivationLockRow(@Id Integer id) {

    static final int ONLY = 1;
}
