package io.relationshippolicy.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;

/**
 * Runs work in one database transaction. Any exception rolls the whole transaction back, so a refused
 * request or a failed write changes nothing. When the database cannot be reached (no connection within
 * the pool's connection timeout, or the connection broke), the failure surfaces as
 * {@link DatabaseUnavailableException}, which callers answer with 503 and a Retry-After.
 */
@Singleton
public class Database {

    @FunctionalInterface
    public interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final TransactionOperations<Connection> transactions;
    private final boolean h2SyncEachCommit;
    private volatile Boolean h2;

    public Database(TransactionOperations<Connection> transactions,
                    @Value("${policy.database.h2-sync-each-commit:false}") boolean h2SyncEachCommit) {
        this.transactions = transactions;
        this.h2SyncEachCommit = h2SyncEachCommit;
    }

    /**
     * Runs the work in one transaction and commits it; called inside another write, the work joins that
     * transaction and commits with it. With {@code POLICY_DATABASE_H2_SYNC_EACH_COMMIT} on an H2 database, the
     * write that commits returns only once the commit is on the storage device ({@code CHECKPOINT SYNC}: H2 writes
     * its pending pages and forces the file to disk), so what was committed survives a power cut, not only a
     * process crash. PostgreSQL does this itself on every commit ({@code synchronous_commit = on}).
     */
    public <R> R write(Work<R> work) {
        R result;
        boolean[] commits = {false};
        try {
            result = transactions.executeWrite(status -> {
                commits[0] = status.isNewTransaction();
                return call(work, status.getConnection());
            });
        } catch (RuntimeException e) {
            throw unavailableOr(e);
        }
        // a write that joined another committed nothing yet: the enclosing write syncs once it has committed
        if (h2SyncEachCommit && commits[0]) {
            syncH2();
        }
        return result;
    }

    /**
     * Forces H2's file to disk after a commit. The work is committed whatever happens here: a failure is not
     * thrown (a caller retrying would write the work twice) but logged, as it means the storage cannot be synced.
     */
    private void syncH2() {
        try {
            transactions.executeWrite(status -> {
                Connection c = status.getConnection();
                if (h2 == null) {
                    h2 = c.getMetaData().getDatabaseProductName().equals("H2");
                }
                if (h2) {
                    try (Statement sync = c.createStatement()) {
                        sync.execute("CHECKPOINT SYNC");
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("committed, but H2 could not force the commit to disk (CHECKPOINT SYNC): {}", e.getMessage());
        }
    }

    public <R> R read(Work<R> work) {
        try {
            return transactions.executeRead(status -> call(work, status.getConnection()));
        } catch (RuntimeException e) {
            throw unavailableOr(e);
        }
    }

    private static RuntimeException unavailableOr(RuntimeException e) {
        if (e instanceof DatabaseUnavailableException || e instanceof ProblemException || !unreachable(e)) {
            return e;
        }
        return new DatabaseUnavailableException(e);
    }

    /** True when the failure says the database could not be reached, as opposed to refusing a statement. */
    static boolean unreachable(Throwable failure) {
        return unreachable(failure, 0);
    }

    private static boolean unreachable(Throwable t, int depth) {
        if (t == null || depth > 16) {
            return false;
        }
        // the pool gave no connection, or a connection could not be opened, configured or closed
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException || t instanceof ConnectionException || t instanceof CannotGetJdbcConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // 08: connection exception; 57P01-57P03: the server is shutting down, crashed or not yet accepting
            if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                return true;
            }
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (unreachable(suppressed, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && unreachable(t.getCause(), depth + 1);
    }

    /** True when the failure is a unique or primary key violation (SQLState 23505, on PostgreSQL and H2). */
    public static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static <R> R call(Work<R> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The database could not be reached; whatever the transaction did is rolled back by the server. */
    public static class DatabaseUnavailableException extends RuntimeException {
        public DatabaseUnavailableException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A database failure; the transaction it happened in is rolled back. */
    public static class DatabaseException extends RuntimeException {
        public DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
