package io.relationshippolicy.directory;

import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Partners, customers and subscriptions in the database. Every method works inside the caller's
 * transaction; the SQL is the common ground of PostgreSQL and H2 in PostgreSQL mode.
 */
@Singleton
public class DirectoryStore {

    public void upsertPartner(Connection c, Partner p) throws SQLException {
        upsert(c, () -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE partner SET name = ?, cloud = ?, program = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, p.name());
                update.setString(2, p.cloud().name());
                update.setString(3, p.program().name());
                update.setObject(4, now());
                update.setString(5, p.id());
                return update.executeUpdate();
            }
        }, () -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO partner (id, name, cloud, program, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, p.id());
                insert.setString(2, p.name());
                insert.setString(3, p.cloud().name());
                insert.setString(4, p.program().name());
                insert.setObject(5, now());
                insert.executeUpdate();
            }
        });
    }

    public Optional<Partner> partner(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, cloud, program FROM partner WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(partner(rs)) : Optional.empty();
            }
        }
    }

    public List<Partner> partners(Connection c, List<String> ids) throws SQLException {
        List<Partner> partners = new ArrayList<>();
        for (String id : ids) {
            partner(c, id).ifPresent(partners::add);
        }
        return partners;
    }

    public boolean anyPartner(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM partner FETCH FIRST 1 ROWS ONLY"); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    public void upsertCustomer(Connection c, Customer customer) throws SQLException {
        upsert(c, () -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE customer SET name = ?, cloud = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, customer.name());
                update.setString(2, customer.cloud().name());
                update.setObject(3, now());
                update.setString(4, customer.id());
                return update.executeUpdate();
            }
        }, () -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, name, cloud, updated_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, customer.id());
                insert.setString(2, customer.name());
                insert.setString(3, customer.cloud().name());
                insert.setObject(4, now());
                insert.executeUpdate();
            }
        });
    }

    public Optional<Customer> customer(Connection c, String id) throws SQLException {
        return customer(c, id, false);
    }

    /**
     * Reads the customer and locks its row until the transaction ends: every command that changes one of
     * the customer's relationships takes this lock first, so two of them never decide on the same state.
     */
    public Optional<Customer> lockCustomer(Connection c, String id) throws SQLException {
        return customer(c, id, true);
    }

    private Optional<Customer> customer(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, cloud FROM customer WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Customer(rs.getString(1), rs.getString(2), Cloud.valueOf(rs.getString(3))))
                        : Optional.empty();
            }
        }
    }

    public void upsertSubscription(Connection c, Subscription s) throws SQLException {
        upsert(c, () -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE subscription SET service = ?, reseller_of_record = ?, updated_at = ? WHERE customer_id = ? AND id = ?")) {
                update.setString(1, s.service());
                update.setString(2, s.resellerOfRecord());
                update.setObject(3, now());
                update.setString(4, s.customerId());
                update.setString(5, s.id());
                return update.executeUpdate();
            }
        }, () -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO subscription (customer_id, id, service, reseller_of_record, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, s.customerId());
                insert.setString(2, s.id());
                insert.setString(3, s.service());
                insert.setString(4, s.resellerOfRecord());
                insert.setObject(5, now());
                insert.executeUpdate();
            }
        });
    }

    public Optional<Subscription> subscription(Connection c, String customerId, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, customer_id, service, reseller_of_record FROM subscription WHERE customer_id = ? AND id = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(subscription(rs)) : Optional.empty();
            }
        }
    }

    public List<Subscription> subscriptions(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, customer_id, service, reseller_of_record FROM subscription WHERE customer_id = ? ORDER BY id")) {
            ps.setString(1, customerId);
            List<Subscription> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(subscription(rs));
                }
            }
            return result;
        }
    }

    public boolean deleteSubscription(Connection c, String customerId, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription WHERE customer_id = ? AND id = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static Partner partner(ResultSet rs) throws SQLException {
        return new Partner(rs.getString(1), rs.getString(2), Cloud.valueOf(rs.getString(3)), Program.valueOf(rs.getString(4)));
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    @FunctionalInterface
    private interface SqlCount {
        int run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * Update, else insert. When another transaction inserts the same row between the two (two operators
     * creating the same id at once), the insert meets the primary key and this one updates instead; the
     * savepoint keeps the transaction usable on PostgreSQL after that failed insert.
     */
    private static void upsert(Connection c, SqlCount update, SqlAction insertAction) throws SQLException {
        if (update.run() == 1) {
            return;
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            insertAction.run();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
            if (update.run() != 1) {
                throw e;
            }
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
