package io.relationshippolicy.directory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PartnerRepository extends CrudRepository<PartnerRow, String> {

    List<PartnerRow> findByIdIn(Collection<String> ids);

    /** Updates the partner if it exists; answers the number of rows updated (0 or 1). */
    long update(@Id String id, String name, Cloud cloud, Program program, Instant updatedAt);
}
