package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.system.DecisionMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The append-only decision log. {@link #append} runs inside the transaction of the command it records,
 * so the entry and the state change it causes commit together or not at all. Appends are serialised by
 * the chain head row, which keeps the hash chain linear across threads and instances.
 */
@Singleton
public class DecisionLog {

    private final Set<String> maskedFields;
    private DecisionMetrics metrics;

    public DecisionLog(@Value("${policy.decision-log.masked-fields:body}") List<String> maskedFields) {
        this.maskedFields = new TreeSet<>(maskedFields);
    }

    public LoggedDecision append(Connection c, NewEntry entry) throws SQLException {
        long previousSequence;
        String previousHash;
        try (PreparedStatement head = c.prepareStatement("SELECT last_sequence, last_hash FROM decision_log_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("decision log head row missing: the schema was not migrated");
            }
            previousSequence = rs.getLong(1);
            previousHash = rs.getString(2);
        }
        long sequence = previousSequence + 1;
        String decisionId = UUID.randomUUID().toString();
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<String> masked = new ArrayList<>();
        Map<String, Object> input = mask(entry.input(), masked);
        Map<String, Object> content = content(sequence, decisionId, decidedAt, entry, input, masked, previousHash);
        String hash = EntryHashing.hash(previousHash, content);

        Decision d = entry.decision();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (sequence, decision_id, kind, outcome, decided_at, "
                + "rules_version, partner_id, customer_id, action, service, subscription_id, actor_sub, actor_tenant, actor_roles, "
                + "reason_codes, input, reasons, obligations, fired_rules, masked_fields, duration_micros, previous_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setLong(i++, sequence);
            insert.setString(i++, decisionId);
            insert.setString(i++, d.kind().name());
            insert.setString(i++, d.outcome().name());
            insert.setObject(i++, OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC));
            insert.setString(i++, d.rulesVersion());
            insert.setString(i++, entry.partnerId());
            insert.setString(i++, entry.customerId());
            insert.setString(i++, entry.action());
            insert.setString(i++, entry.service());
            insert.setString(i++, entry.subscriptionId());
            insert.setString(i++, entry.actor().sub());
            insert.setString(i++, entry.actor().tenant());
            insert.setString(i++, String.join(",", entry.actor().sortedRoles()));
            insert.setString(i++, reasonCodes(d));
            insert.setString(i++, CanonicalJson.write(input));
            insert.setString(i++, CanonicalJson.write(content.get("reasons")));
            insert.setString(i++, CanonicalJson.write(content.get("obligations")));
            insert.setString(i++, CanonicalJson.write(d.firedRules()));
            insert.setString(i++, CanonicalJson.write(masked));
            insert.setLong(i++, entry.durationMicros());
            insert.setString(i++, previousHash);
            insert.setString(i, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement head = c.prepareStatement("UPDATE decision_log_head SET last_sequence = ?, last_hash = ? WHERE id = 1")) {
            head.setLong(1, sequence);
            head.setString(2, hash);
            head.executeUpdate();
        }
        if (metrics != null) {
            metrics.appended(d, entry.durationMicros());
        }
        return new LoggedDecision(decisionId, sequence, decidedAt, hash);
    }

    /** Decisions are counted in /metrics once their entries commit. */
    @Inject
    void metrics(DecisionMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The hashed content of an entry, field for field as docs/decision-log.md lists it. Verification
     * rebuilds exactly this map from the stored row.
     */
    public static Map<String, Object> content(long sequence, String decisionId, Instant decidedAt, NewEntry entry,
                                              Map<String, Object> input, List<String> maskedFields, String previousHash) {
        Decision d = entry.decision();
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("sub", entry.actor().sub());
        actor.put("tenant", entry.actor().tenant());
        actor.put("roles", entry.actor().sortedRoles());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("sequence", sequence);
        content.put("decisionId", decisionId);
        content.put("kind", d.kind().name());
        content.put("outcome", d.outcome().name());
        content.put("decidedAt", decidedAt.toString());
        content.put("rulesVersion", d.rulesVersion());
        content.put("partnerId", entry.partnerId());
        content.put("customerId", entry.customerId());
        content.put("action", entry.action());
        content.put("service", entry.service());
        content.put("subscriptionId", entry.subscriptionId());
        content.put("actor", actor);
        content.put("input", input);
        content.put("reasons", d.reasons().stream().map(r -> item(r.code(), r.clause(), r.ruleId(), r.service(), r.partnerId())).toList());
        content.put("obligations", d.obligations().stream().map(o -> item(o.code(), o.clause(), o.ruleId(), o.service(), o.partnerId())).toList());
        content.put("firedRules", d.firedRules());
        content.put("maskedFields", maskedFields);
        content.put("durationMicros", entry.durationMicros());
        content.put("previousHash", previousHash);
        return content;
    }

    private static Map<String, Object> item(String code, String clause, String ruleId, String service, String partnerId) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", code);
        item.put("clause", clause);
        item.put("ruleId", ruleId);
        item.put("service", service);
        item.put("partnerId", partnerId);
        return item;
    }

    private static String reasonCodes(Decision d) {
        Set<String> codes = new TreeSet<>(d.reasonCodes());
        codes.addAll(d.obligationCodes());
        return codes.isEmpty() ? "" : "," + String.join(",", codes) + ",";
    }

    /**
     * Replaces every input field whose name is configured (at any depth) by a digest of its value, so the
     * log proves what was sent without keeping it; {@code masked} receives the dotted paths.
     */
    private Map<String, Object> mask(Map<String, Object> input, List<String> masked) {
        return maskMap(input, "", masked);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> maskMap(Map<String, Object> input, String prefix, List<String> masked) {
        Map<String, Object> copy = new LinkedHashMap<>();
        input.forEach((key, value) -> {
            String path = prefix + key;
            if (value != null && maskedFields.contains(key)) {
                copy.put(key, "masked:" + sha256(value.toString()));
                masked.add(path);
            } else if (value instanceof Map<?, ?> nested) {
                copy.put(key, maskMap((Map<String, Object>) nested, path + ".", masked));
            } else {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
