package io.relationshippolicy.relationship;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One partner on the customer's Partner Relationships page (C7). */
@Serdeable
public record PartnerRelationshipView(String partnerId, String partnerName, String program, String state, List<ServiceGrantView> services) {
}
