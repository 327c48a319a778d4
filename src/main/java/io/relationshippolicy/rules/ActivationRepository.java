package io.relationshippolicy.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ActivationRepository extends CrudRepository<ActivationRow, Long> {

    /** The highest activation id, or null when nothing was ever activated. */
    @Nullable
    Long findMaxId();

    Optional<ActivationRow> findFirstOrderByIdDesc();

    List<ActivationRow> listOrderByIdDesc();

    boolean existsByVersion(String version);
}
