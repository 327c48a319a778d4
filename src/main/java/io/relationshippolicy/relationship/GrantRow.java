package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.relationshippolicy.policy.fact.Grant;

import java.time.Instant;

/** A row of table relationship_grant: what a relationship grants for one service. */
@MappedEntity("relationship_grant")
public record GrantRow(@EmbeddedId Key key, boolean delegatedAdmin, boolean transacting, Instant updatedAt) {

    @Embeddable
    public record Key(@MappedProperty("partner_id") String partnerId, @MappedProperty("customer_id") String customerId,
                      @MappedProperty("service") String service) {
    }

    static GrantRow of(Grant g, Instant at) {
        return new GrantRow(new Key(g.partnerId(), g.customerId(), g.service()), g.delegatedAdmin(), g.transacting(), at);
    }

    Grant toGrant() {
        return new Grant(key.partnerId(), key.customerId(), key.service(), delegatedAdmin, transacting);
    }
}
