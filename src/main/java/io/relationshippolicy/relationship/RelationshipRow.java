package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Relationship;

import java.time.Instant;

/** A row of table relationship: one per partner and customer. */
@MappedEntity("relationship")
public record RelationshipRow(@EmbeddedId Key key, RelationshipState state, boolean partnerConsentsToTerminate,
                              boolean customerConsentsToTerminate, Instant updatedAt) {

    @Embeddable
    public record Key(@MappedProperty("partner_id") String partnerId, @MappedProperty("customer_id") String customerId) {
    }

    static RelationshipRow of(Relationship r, Instant at) {
        return new RelationshipRow(new Key(r.partnerId(), r.customerId()), r.state(), r.partnerConsentsToTerminate(),
                r.customerConsentsToTerminate(), at);
    }

    Relationship toRelationship() {
        return new Relationship(key.partnerId(), key.customerId(), state, partnerConsentsToTerminate, customerConsentsToTerminate);
    }
}
