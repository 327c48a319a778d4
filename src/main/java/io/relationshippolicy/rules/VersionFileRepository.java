package io.relationshippolicy.rules;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface VersionFileRepository extends CrudRepository<VersionFileRow, VersionFileRow.Key> {

    List<VersionFileRow> findByKeyVersion(String version);
}
