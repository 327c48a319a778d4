package io.relationshippolicy.relationship;

import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Relationships and their per-service grants, and the world of one customer as the rules see it. */
@Singleton
public class RelationshipStore {

    private final DirectoryStore directory;

    public RelationshipStore(DirectoryStore directory) {
        this.directory = directory;
    }

    /** Everything about the customer the rules may need; the caller decides whether the customer row is locked. */
    public CustomerWorld world(Connection c, Customer customer) throws SQLException {
        return world(c, customer, true);
    }

    /**
     * The customer's world; without subscriptions (and the partners known only as their resellers) when the
     * decision's rules do not read them, as for acceptance and DAP removal.
     */
    public CustomerWorld world(Connection c, Customer customer, boolean withSubscriptions) throws SQLException {
        List<Relationship> relationships = relationships(c, customer.id());
        List<Grant> grants = grants(c, customer.id());
        Set<String> partnerIds = new LinkedHashSet<>();
        relationships.forEach(r -> partnerIds.add(r.partnerId()));
        List<Subscription> subscriptions = withSubscriptions ? directory.subscriptions(c, customer.id()) : List.of();
        subscriptions.forEach(s -> {
            if (s.resellerOfRecord() != null) {
                partnerIds.add(s.resellerOfRecord());
            }
        });
        List<Partner> partners = directory.partners(c, List.copyOf(partnerIds));
        return new CustomerWorld(customer, partners, relationships, grants, subscriptions);
    }

    /**
     * The slice of the customer's world one partner's authorization needs: the customer, that partner, its
     * relationship and grants with the customer, and the subscription asked about (if any).
     */
    public CustomerWorld partnerSlice(Connection c, Customer customer, Partner partner, Subscription subscription) throws SQLException {
        List<Relationship> relationship = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT partner_id, customer_id, state, partner_consents_to_terminate, "
                + "customer_consents_to_terminate FROM relationship WHERE partner_id = ? AND customer_id = ?")) {
            ps.setString(1, partner.id());
            ps.setString(2, customer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    relationship.add(relationship(rs));
                }
            }
        }
        List<Grant> grants = grantsOf(c, partner.id(), customer.id());
        return new CustomerWorld(customer, List.of(partner), relationship, grants,
                subscription == null ? List.of() : List.of(subscription));
    }

    public List<Relationship> relationships(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT partner_id, customer_id, state, partner_consents_to_terminate, "
                + "customer_consents_to_terminate FROM relationship WHERE customer_id = ? ORDER BY partner_id")) {
            ps.setString(1, customerId);
            List<Relationship> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(relationship(rs));
                }
            }
            return result;
        }
    }

    public List<Grant> grants(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT partner_id, customer_id, service, delegated_admin, transacting "
                + "FROM relationship_grant WHERE customer_id = ? ORDER BY partner_id, service")) {
            ps.setString(1, customerId);
            List<Grant> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(grant(rs));
                }
            }
            return result;
        }
    }

    /** The partner's relationships in a state, with their customers' names: the partner's customer list (C9). */
    public List<PartnerCustomerRow> customersOf(Connection c, String partnerId, RelationshipState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.customer_id, cu.name, r.state FROM relationship r "
                + "JOIN customer cu ON cu.id = r.customer_id WHERE r.partner_id = ? AND r.state = ? ORDER BY r.customer_id")) {
            ps.setString(1, partnerId);
            ps.setString(2, state.name());
            List<PartnerCustomerRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PartnerCustomerRow(rs.getString(1), rs.getString(2), RelationshipState.valueOf(rs.getString(3))));
                }
            }
            return rows;
        }
    }

    public List<Grant> grantsOf(Connection c, String partnerId, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT partner_id, customer_id, service, delegated_admin, transacting "
                + "FROM relationship_grant WHERE partner_id = ? AND customer_id = ? ORDER BY service")) {
            ps.setString(1, partnerId);
            ps.setString(2, customerId);
            List<Grant> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(grant(rs));
                }
            }
            return result;
        }
    }

    public record PartnerCustomerRow(String customerId, String customerName, RelationshipState state) {
    }

    public void save(Connection c, Relationship r) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE relationship SET state = ?, partner_consents_to_terminate = ?, "
                + "customer_consents_to_terminate = ?, updated_at = ? WHERE partner_id = ? AND customer_id = ?")) {
            update.setString(1, r.state().name());
            update.setBoolean(2, r.partnerConsentsToTerminate());
            update.setBoolean(3, r.customerConsentsToTerminate());
            update.setObject(4, now());
            update.setString(5, r.partnerId());
            update.setString(6, r.customerId());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO relationship (partner_id, customer_id, state, "
                + "partner_consents_to_terminate, customer_consents_to_terminate, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, r.partnerId());
            insert.setString(2, r.customerId());
            insert.setString(3, r.state().name());
            insert.setBoolean(4, r.partnerConsentsToTerminate());
            insert.setBoolean(5, r.customerConsentsToTerminate());
            insert.setObject(6, now());
            insert.executeUpdate();
        }
    }

    public void save(Connection c, Grant g) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE relationship_grant SET delegated_admin = ?, transacting = ?, "
                + "updated_at = ? WHERE partner_id = ? AND customer_id = ? AND service = ?")) {
            update.setBoolean(1, g.delegatedAdmin());
            update.setBoolean(2, g.transacting());
            update.setObject(3, now());
            update.setString(4, g.partnerId());
            update.setString(5, g.customerId());
            update.setString(6, g.service());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO relationship_grant (partner_id, customer_id, service, "
                + "delegated_admin, transacting, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, g.partnerId());
            insert.setString(2, g.customerId());
            insert.setString(3, g.service());
            insert.setBoolean(4, g.delegatedAdmin());
            insert.setBoolean(5, g.transacting());
            insert.setObject(6, now());
            insert.executeUpdate();
        }
    }

    public void deleteGrants(Connection c, String partnerId, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM relationship_grant WHERE partner_id = ? AND customer_id = ?")) {
            ps.setString(1, partnerId);
            ps.setString(2, customerId);
            ps.executeUpdate();
        }
    }

    private static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5));
    }

    private static Relationship relationship(ResultSet rs) throws SQLException {
        return new Relationship(rs.getString(1), rs.getString(2), RelationshipState.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getBoolean(5));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
