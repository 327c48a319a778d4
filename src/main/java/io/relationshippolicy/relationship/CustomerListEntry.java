package io.relationshippolicy.relationship;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One customer in the partner's customer list (C9). */
@Serdeable
public record CustomerListEntry(String customerId, String customerName, String state, List<ServiceGrantView> services) {
}
