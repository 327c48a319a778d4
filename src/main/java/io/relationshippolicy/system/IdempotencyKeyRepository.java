package io.relationshippolicy.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface IdempotencyKeyRepository extends CrudRepository<IdempotencyKeyRow, IdempotencyKeyRow.Key> {

    /** Records what the answer of the call that claimed the key is rendered from. */
    long update(@Id IdempotencyKeyRow.Key key, @Nullable String result, String language);

    /** Forgets the keys created before {@code cutoff}; answers how many. */
    long deleteByCreatedAtLessThan(Instant cutoff);
}
