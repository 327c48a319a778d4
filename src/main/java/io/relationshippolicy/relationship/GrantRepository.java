package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface GrantRepository extends CrudRepository<GrantRow, GrantRow.Key> {

    /** A customer's grants, partner by partner, service by service. */
    Sort BY_PARTNER_AND_SERVICE = Sort.of(Sort.Order.asc("key.partnerId"), Sort.Order.asc("key.service"));

    List<GrantRow> findByKeyCustomerId(String customerId, Sort sort);

    List<GrantRow> findByKeyPartnerIdAndKeyCustomerIdOrderByKeyService(String partnerId, String customerId);

    /** Updates the grant if it exists; answers the number of rows updated (0 or 1). */
    long update(@Id GrantRow.Key key, boolean delegatedAdmin, boolean transacting, Instant updatedAt);

    void deleteByKeyPartnerIdAndKeyCustomerId(String partnerId, String customerId);
}
