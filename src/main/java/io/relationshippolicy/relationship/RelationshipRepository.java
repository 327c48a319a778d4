package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.relationshippolicy.policy.RelationshipState;

import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RelationshipRepository extends CrudRepository<RelationshipRow, RelationshipRow.Key> {

    List<RelationshipRow> findByKeyCustomerIdOrderByKeyPartnerId(String customerId);

    List<RelationshipRow> findByKeyPartnerIdAndStateOrderByKeyCustomerId(String partnerId, RelationshipState state);

    /** Updates the relationship if it exists; answers the number of rows updated (0 or 1). */
    long update(@Id RelationshipRow.Key key, RelationshipState state, boolean partnerConsentsToTerminate,
                boolean customerConsentsToTerminate, Instant updatedAt);
}
