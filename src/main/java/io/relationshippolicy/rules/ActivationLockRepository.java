package io.relationshippolicy.rules;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ActivationLockRepository extends GenericRepository<ActivationLockRow, Integer> {

    /** Reads the lock row and locks it until the transaction ends ({@code SELECT ... FOR UPDATE}). */
    Optional<ActivationLockRow> findByIdForUpdate(Integer id);
}
