package io.relationshippolicy.directory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.relationshippolicy.policy.Cloud;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CustomerRepository extends CrudRepository<CustomerRow, String> {

    /** Reads the customer and locks its row until the transaction ends ({@code SELECT ... FOR UPDATE}). */
    Optional<CustomerRow> findByIdForUpdate(String id);

    List<CustomerRow> findByIdIn(Collection<String> ids);

    /** Updates the customer if it exists; answers the number of rows updated (0 or 1). */
    long update(@Id String id, String name, Cloud cloud, Instant updatedAt);
}
