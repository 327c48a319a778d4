package io.relationshippolicy.directory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SubscriptionRepository extends CrudRepository<SubscriptionRow, SubscriptionRow.Key> {

    List<SubscriptionRow> findByKeyCustomerIdOrderByKeyId(String customerId);

    /** Updates the subscription if it exists; answers the number of rows updated (0 or 1). */
    long update(@Id SubscriptionRow.Key key, String service, @Nullable String resellerOfRecord, Instant updatedAt);

    /** Answers the number of rows deleted (0 or 1). */
    long deleteByKey(SubscriptionRow.Key key);
}
