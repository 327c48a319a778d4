package io.relationshippolicy.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

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

    private final TransactionOperations<Connection> transactions;

    public Database(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    public <R> R write(Work<R> work) {
        try {
            return transactions.executeWrite(status -> call(work, status.getConnection()));
        } catch (RuntimeException e) {
            throw unavailableOr(e);
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
