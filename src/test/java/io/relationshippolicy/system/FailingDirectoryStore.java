package io.relationshippolicy.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.ConnectionOperations;
import io.relationshippolicy.directory.CustomerRepository;
import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.directory.PartnerRepository;
import io.relationshippolicy.directory.SubscriptionRepository;
import io.relationshippolicy.policy.fact.Partner;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The real directory store, failing after it has written when the partner id asks for it: with a real SQL
 * error from the database, or with an unexpected exception. Present only in the test that switches it on.
 */
@Singleton
@Replaces(DirectoryStore.class)
@Requires(property = "test.failing-store", value = "true")
class FailingDirectoryStore extends DirectoryStore {

    static final String SQL_FAILURE = "P-FAIL-SQL";
    static final String BUG = "P-FAIL-BUG";

    private final ConnectionOperations<Connection> connections;

    FailingDirectoryStore(PartnerRepository partners, CustomerRepository customers, SubscriptionRepository subscriptions,
                          ConnectionOperations<Connection> connections) {
        super(partners, customers, subscriptions, connections);
        this.connections = connections;
    }

    @Override
    public void upsertPartner(Partner p) {
        super.upsertPartner(p);
        if (p.id().startsWith(SQL_FAILURE)) {
            // the transaction's own connection, as the repositories use it
            Connection c = connections.getConnectionStatus().getConnection();
            try (PreparedStatement broken = c.prepareStatement("SELECT secret FROM signing_key WHERE no_such_column = 'REQUEST_LINK'")) {
                broken.executeQuery();
            } catch (SQLException e) {
                throw new Database.DatabaseException(e);
            }
        }
        if (p.id().startsWith(BUG)) {
            throw new IllegalStateException("io.relationshippolicy.rules.ActiveRules broke at java.util.HashMap.get");
        }
    }
}
