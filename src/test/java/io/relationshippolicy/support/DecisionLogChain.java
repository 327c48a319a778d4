package io.relationshippolicy.support;

import io.relationshippolicy.decisionlog.CanonicalJson;
import io.relationshippolicy.decisionlog.EntryHashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Recomputes the decision log's hash chain from the stored rows, as an auditor would from an export:
 * hash = sha256(previousHash + "\n" + canonical JSON of the entry without its hash). The JSON columns are
 * stored in canonical form already, so they are spliced in as they are.
 */
public final class DecisionLogChain {

    /** What the recomputation found: how many entries, and the first sequence whose link or hash is wrong. */
    public record Result(long entries, Long firstInvalidSequence) {
        public boolean valid() {
            return firstInvalidSequence == null;
        }
    }

    private DecisionLogChain() {
    }

    public static Result verify(Connection c) throws SQLException {
        String previous = EntryHashing.GENESIS;
        long expectedSequence = 1;
        long entries = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, decision_id, kind, outcome, decided_at, rules_version, partner_id, "
                + "customer_id, action, service, subscription_id, actor_sub, actor_tenant, actor_roles, input, reasons, obligations, "
                + "fired_rules, masked_fields, duration_micros, previous_hash, hash FROM decision_log ORDER BY sequence");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries++;
                long sequence = rs.getLong("sequence");
                Map<String, String> json = new TreeMap<>();
                json.put("sequence", CanonicalJson.write(sequence));
                json.put("decisionId", CanonicalJson.write(rs.getString("decision_id")));
                json.put("kind", CanonicalJson.write(rs.getString("kind")));
                json.put("outcome", CanonicalJson.write(rs.getString("outcome")));
                json.put("decidedAt", CanonicalJson.write(rs.getObject("decided_at", OffsetDateTime.class).toInstant().toString()));
                json.put("rulesVersion", CanonicalJson.write(rs.getString("rules_version")));
                json.put("partnerId", CanonicalJson.write(rs.getString("partner_id")));
                json.put("customerId", CanonicalJson.write(rs.getString("customer_id")));
                json.put("action", CanonicalJson.write(rs.getString("action")));
                json.put("service", CanonicalJson.write(rs.getString("service")));
                json.put("subscriptionId", CanonicalJson.write(rs.getString("subscription_id")));
                String roles = rs.getString("actor_roles");
                Map<String, Object> actor = new TreeMap<>();
                actor.put("sub", rs.getString("actor_sub"));
                actor.put("tenant", rs.getString("actor_tenant"));
                actor.put("roles", roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")));
                json.put("actor", CanonicalJson.write(actor));
                json.put("input", rs.getString("input"));
                json.put("reasons", rs.getString("reasons"));
                json.put("obligations", rs.getString("obligations"));
                json.put("firedRules", rs.getString("fired_rules"));
                json.put("maskedFields", rs.getString("masked_fields"));
                json.put("durationMicros", CanonicalJson.write(rs.getLong("duration_micros")));
                json.put("previousHash", CanonicalJson.write(rs.getString("previous_hash")));
                StringJoiner object = new StringJoiner(",", "{", "}");
                json.forEach((k, v) -> object.add(CanonicalJson.write(k) + ":" + v));
                String recomputed = sha256(previous + "\n" + object);
                if (sequence != expectedSequence || !previous.equals(rs.getString("previous_hash")) || !recomputed.equals(rs.getString("hash"))) {
                    return new Result(entries, sequence);
                }
                previous = recomputed;
                expectedSequence++;
            }
        }
        return new Result(entries, null);
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
