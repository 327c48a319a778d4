package io.relationshippolicy.rules;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AttemptRepository extends CrudRepository<AttemptRow, Long> {

    /** One page of attempts in the page's order, without counting them all. */
    List<AttemptRow> list(Pageable page);
}
