package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.relationshippolicy.policy.Decision;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
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
    private final Clock clock;
    private DecisionMetrics metrics;

    @Inject
    public DecisionLog(@Value("${policy.decision-log.masked-fields:body}") List<String> maskedFields) {
        this(maskedFields, Clock.systemUTC());
    }

    /** With another clock: the benchmark spreads generated entries over a year. */
    DecisionLog(List<String> maskedFields, Clock clock) {
        this.maskedFields = new TreeSet<>(maskedFields);
        this.clock = clock;
    }

    /**
     * Appends one entry inside the caller's transaction: it commits or rolls back with the state change
     * it records. Decisions that change no state use {@link GroupCommitLog#appendDurably} instead.
     */
    public LoggedDecision append(Connection c, NewEntry entry) throws SQLException {
        return appendAll(c, List.of(entry)).get(0);
    }

    /** Appends entries in the given order, inside the caller's transaction, under one lock of the head row. */
    public List<LoggedDecision> appendAll(Connection c, List<NewEntry> entries) throws SQLException {
        long sequence;
        String previousHash;
        Instant lastDecidedAt;
        try (PreparedStatement head = c.prepareStatement(
                "SELECT last_sequence, last_hash, last_decided_at FROM decision_log_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("decision log head row missing: the schema was not migrated");
            }
            sequence = rs.getLong(1);
            previousHash = rs.getString(2);
            OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
            lastDecidedAt = last == null ? Instant.EPOCH : last.toInstant();
        }
        List<LoggedDecision> logged = new ArrayList<>(entries.size());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (" + StoredEntry.COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement codes = c.prepareStatement("INSERT INTO decision_log_code (code, sequence) VALUES (?, ?)")) {
            for (NewEntry entry : entries) {
                sequence++;
                String decisionId = UUID.randomUUID().toString();
                // never earlier than the entry before it: a time range of the log is then a sequence range
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Instant decidedAt = now.isBefore(lastDecidedAt) ? lastDecidedAt : now;
                List<String> masked = new ArrayList<>();
                Map<String, Object> input = mask(entry.input(), masked);
                Map<String, Object> content = content(sequence, decisionId, decidedAt, entry, input, masked, previousHash);
                String hash = EntryHashing.hash(previousHash, content);
                bind(insert, sequence, decisionId, decidedAt, entry, content, hash);
                insert.addBatch();
                for (String code : codes(entry.decision())) {
                    codes.setString(1, code);
                    codes.setLong(2, sequence);
                    codes.addBatch();
                }
                logged.add(new LoggedDecision(decisionId, sequence, decidedAt, hash));
                previousHash = hash;
                lastDecidedAt = decidedAt;
            }
            insert.executeBatch();
            codes.executeBatch();
        }
        try (PreparedStatement head = c.prepareStatement(
                "UPDATE decision_log_head SET last_sequence = ?, last_hash = ?, last_decided_at = ? WHERE id = 1")) {
            head.setLong(1, sequence);
            head.setString(2, previousHash);
            head.setObject(3, OffsetDateTime.ofInstant(lastDecidedAt, ZoneOffset.UTC));
            head.executeUpdate();
        }
        if (metrics != null) {
            for (int i = 0; i < entries.size(); i++) {
                metrics.appended(entries.get(i).decision(), entries.get(i).durationMicros());
            }
        }
        return logged;
    }

    private static void bind(PreparedStatement insert, long sequence, String decisionId, Instant decidedAt, NewEntry entry,
                             Map<String, Object> content, String hash) throws SQLException {
        Decision d = entry.decision();
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
        insert.setString(i++, StoredEntry.joinRoles(entry.actor().sortedRoles()));
        insert.setString(i++, reasonCodes(d));
        insert.setString(i++, CanonicalJson.write(content.get("input")));
        insert.setString(i++, CanonicalJson.write(content.get("reasons")));
        insert.setString(i++, CanonicalJson.write(content.get("obligations")));
        insert.setString(i++, CanonicalJson.write(content.get("firedRules")));
        insert.setString(i++, CanonicalJson.write(content.get("maskedFields")));
        insert.setLong(i++, entry.durationMicros());
        insert.setString(i++, (String) content.get("previousHash"));
        insert.setString(i, hash);
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
        return content(sequence, decisionId, d.kind().name(), d.outcome().name(), decidedAt.toString(), d.rulesVersion(),
                entry.partnerId(), entry.customerId(), entry.action(), entry.service(), entry.subscriptionId(),
                actor(entry.actor().sub(), entry.actor().tenant(), entry.actor().sortedRoles()), input,
                d.reasons().stream().map(r -> item(r.code(), r.clause(), r.ruleId(), r.service(), r.partnerId())).toList(),
                d.obligations().stream().map(o -> item(o.code(), o.clause(), o.ruleId(), o.service(), o.partnerId())).toList(),
                d.firedRules(), maskedFields, entry.durationMicros(), previousHash);
    }

    /** The one list of hashed fields, shared by the append and by verification of a stored row. */
    static Map<String, Object> content(long sequence, String decisionId, String kind, String outcome, String decidedAt,
                                       String rulesVersion, String partnerId, String customerId, String action, String service,
                                       String subscriptionId, Map<String, Object> actor, Object input, Object reasons,
                                       Object obligations, Object firedRules, Object maskedFields, long durationMicros,
                                       String previousHash) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("sequence", sequence);
        content.put("decisionId", decisionId);
        content.put("kind", kind);
        content.put("outcome", outcome);
        content.put("decidedAt", decidedAt);
        content.put("rulesVersion", rulesVersion);
        content.put("partnerId", partnerId);
        content.put("customerId", customerId);
        content.put("action", action);
        content.put("service", service);
        content.put("subscriptionId", subscriptionId);
        content.put("actor", actor);
        content.put("input", input);
        content.put("reasons", reasons);
        content.put("obligations", obligations);
        content.put("firedRules", firedRules);
        content.put("maskedFields", maskedFields);
        content.put("durationMicros", durationMicros);
        content.put("previousHash", previousHash);
        return content;
    }

    static Map<String, Object> actor(String sub, String tenant, List<String> roles) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("sub", sub);
        actor.put("tenant", tenant);
        actor.put("roles", roles);
        return actor;
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

    private static Set<String> codes(Decision d) {
        Set<String> codes = new TreeSet<>(d.reasonCodes());
        codes.addAll(d.obligationCodes());
        return codes;
    }

    private static String reasonCodes(Decision d) {
        Set<String> codes = codes(d);
        return codes.isEmpty() ? "" : "," + String.join(",", codes) + ",";
    }

    /**
     * Replaces every input field whose name is configured, at any depth and inside lists too, by a digest
     * of its value, so the log proves what was sent without keeping it; {@code masked} receives the dotted
     * paths (list elements by index: {@code requests.0.body}). A string is digested as its UTF-8 text,
     * anything else as its canonical JSON.
     */
    Map<String, Object> mask(Map<String, Object> input, List<String> masked) {
        return maskMap(input, "", masked);
    }

    private Map<String, Object> maskMap(Map<String, Object> input, String prefix, List<String> masked) {
        Map<String, Object> copy = new LinkedHashMap<>();
        input.forEach((key, value) -> {
            String path = prefix + key;
            if (value != null && maskedFields.contains(key)) {
                copy.put(key, "masked:" + sha256(value instanceof String text ? text : CanonicalJson.write(value)));
                masked.add(path);
            } else {
                copy.put(key, maskValue(value, path, masked));
            }
        });
        return copy;
    }

    @SuppressWarnings("unchecked")
    private Object maskValue(Object value, String path, List<String> masked) {
        if (value instanceof Map<?, ?> nested) {
            return maskMap((Map<String, Object>) nested, path + ".", masked);
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            int index = 0;
            for (Object item : list) {
                copy.add(maskValue(item, path + "." + index++, masked));
            }
            return copy;
        }
        return value;
    }

    /** The configured field names masked in every entry's input. */
    public Set<String> maskedFieldNames() {
        return Set.copyOf(maskedFields);
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
