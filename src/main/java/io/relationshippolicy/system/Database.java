package io.relationshippolicy.system;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one database transaction. Any exception rolls the whole transaction back, so a refused
 * request or a failed write changes nothing.
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
        return transactions.executeWrite(status -> call(work, status.getConnection()));
    }

    public <R> R read(Work<R> work) {
        return transactions.executeRead(status -> call(work, status.getConnection()));
    }

    private static <R> R call(Work<R> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** A database failure; the transaction it happened in is rolled back. */
    public static class DatabaseException extends RuntimeException {
        public DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
