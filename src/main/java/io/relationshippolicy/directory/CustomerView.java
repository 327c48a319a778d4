package io.relationshippolicy.directory;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.fact.Customer;

/** A customer as the directory holds it. */
@Serdeable
public record CustomerView(String id, String name, Cloud cloud) {

    static CustomerView of(Customer c) {
        return new CustomerView(c.id(), c.name(), c.cloud());
    }
}
