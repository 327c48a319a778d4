package io.relationshippolicy.directory;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Partner;

/** A partner as the directory holds it. */
@Serdeable
public record PartnerView(String id, String name, Cloud cloud, Program program) {

    static PartnerView of(Partner p) {
        return new PartnerView(p.id(), p.name(), p.cloud(), p.program());
    }
}
