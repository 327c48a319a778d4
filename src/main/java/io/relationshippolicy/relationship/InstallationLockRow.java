package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of table installation_lock: instances lock it by name to do a one-off task of the installation once. */
@MappedEntity("installation_lock")
public record InstallationLockRow(@Id String name) {

    /** Generating or rotating the request-link signing key. */
    static final String SIGNING_KEY = "signing_key";
}
