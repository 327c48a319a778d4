package io.relationshippolicy.web;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SessionKeyRepository extends CrudRepository<SessionKeyRow, Integer> {
}
