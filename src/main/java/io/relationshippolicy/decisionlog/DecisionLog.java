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
    public StoredEntry append(Connection c, LogEntry.Draft entry) throws SQLException {
        return appendAll(c, List.of(entry)).get(0);
    }

    /** Appends entries in the given order, inside the caller's transaction, under one lock of the head row. */
    public List<StoredEntry> appendAll(Connection c, List<LogEntry.Draft> entries) throws SQLException {
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
        List<StoredEntry> logged = new ArrayList<>(entries.size());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (" + StoredEntry.COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement codeRows = c.prepareStatement("INSERT INTO decision_log_code (code, sequence) VALUES (?, ?)")) {
            for (LogEntry.Draft draft : entries) {
                sequence++;
                // never earlier than the entry before it: a time range of the log is then a sequence range
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Instant decidedAt = now.isBefore(lastDecidedAt) ? lastDecidedAt : now;
                List<String> masked = new ArrayList<>();
                Map<String, Object> input = mask(draft.input(), masked);
                LogEntry content = draft.at(sequence, UUID.randomUUID().toString(), decidedAt, input, masked, previousHash);
                StoredEntry stored = new StoredEntry(content, content.computedHash());
                Set<String> codes = codes(draft.decision());
                stored.bind(insert, codes);
                insert.addBatch();
                for (String code : codes) {
                    codeRows.setString(1, code);
                    codeRows.setLong(2, sequence);
                    codeRows.addBatch();
                }
                logged.add(stored);
                previousHash = stored.hash();
                lastDecidedAt = decidedAt;
            }
            insert.executeBatch();
            codeRows.executeBatch();
        }
        try (PreparedStatement head = c.prepareStatement(
                "UPDATE decision_log_head SET last_sequence = ?, last_hash = ?, last_decided_at = ? WHERE id = 1")) {
            head.setLong(1, sequence);
            head.setString(2, previousHash);
            head.setObject(3, OffsetDateTime.ofInstant(lastDecidedAt, ZoneOffset.UTC));
            head.executeUpdate();
        }
        if (metrics != null) {
            for (LogEntry.Draft entry : entries) {
                metrics.appended(entry.decision(), entry.durationMicros());
            }
        }
        return logged;
    }

    /** Decisions are counted in /metrics once their entries commit. */
    @Inject
    void metrics(DecisionMetrics metrics) {
        this.metrics = metrics;
    }

    /** The codes of a decision's reasons and obligations, sorted: one code row each, and the reason_codes column. */
    private static Set<String> codes(Decision d) {
        Set<String> codes = new TreeSet<>(d.reasonCodes());
        codes.addAll(d.obligationCodes());
        return codes;
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
