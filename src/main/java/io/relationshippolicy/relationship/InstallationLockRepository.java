package io.relationshippolicy.relationship;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface InstallationLockRepository extends GenericRepository<InstallationLockRow, String> {

    /** Reads the named lock row and locks it until the transaction ends ({@code SELECT ... FOR UPDATE}). */
    Optional<InstallationLockRow> findByNameForUpdate(String name);
}
