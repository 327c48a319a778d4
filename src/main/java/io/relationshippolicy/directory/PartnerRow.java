package io.relationshippolicy.directory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Partner;

import java.time.Instant;

/** A row of table partner. */
@MappedEntity("partner")
public record PartnerRow(@Id String id, String name, Cloud cloud, Program program, Instant updatedAt) {

    static PartnerRow of(Partner p, Instant at) {
        return new PartnerRow(p.id(), p.name(), p.cloud(), p.program(), at);
    }

    Partner toPartner() {
        return new Partner(id, name, cloud, program);
    }
}
