package io.relationshippolicy.directory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.fact.Customer;

import java.time.Instant;

/** A row of table customer. */
@MappedEntity("customer")
public record CustomerRow(@Id String id, String name, Cloud cloud, Instant updatedAt) {

    static CustomerRow of(Customer c, Instant at) {
        return new CustomerRow(c.id(), c.name(), c.cloud(), at);
    }

    public Customer toCustomer() {
        return new Customer(id, name, cloud);
    }
}
