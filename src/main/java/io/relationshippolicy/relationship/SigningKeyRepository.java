package io.relationshippolicy.relationship;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SigningKeyRepository extends CrudRepository<SigningKeyRow, String> {

    /** Oldest first; keys created in the same instant by their id. */
    Sort OLDEST_FIRST = Sort.of(Sort.Order.asc("createdAt"), Sort.Order.asc("keyId"));

    List<SigningKeyRow> findByPurpose(String purpose, Sort sort);

    /** Retires the key; answers the number of rows updated (0 or 1). */
    long update(@Id String keyId, Instant retiredAt);
}
