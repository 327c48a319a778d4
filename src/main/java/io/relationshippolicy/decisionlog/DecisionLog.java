package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.system.Database;
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
 * the chain head row, which keeps the hash chain linear across threads and instances; on H2, the
 * {@link DecisionJournal} takes part in that order too.
 */
@Singleton
public class DecisionLog {

    private final Set<String> maskedFields;
    private final Clock clock;
    private DecisionMetrics metrics;
    private DecisionJournal journal;

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

    /**
     * Appends entries in the given order, inside the caller's transaction, under one lock of the head row. With the
     * decision journal on, what it holds reaches the tables first and the chain stays taken until the transaction ends.
     */
    public List<StoredEntry> appendAll(Connection c, List<LogEntry.Draft> entries) throws SQLException {
        if (journal != null) {
            journal.beforeDirectAppend();
        }
        boolean handedOver = false;
        try {
            List<DecisionJournal.Row> rows = chain(lockHead(c), entries);
            writeRows(c, rows);
            counted(entries);
            if (journal != null) {
                StoredEntry last = rows.get(rows.size() - 1).entry();
                journal.afterDirectAppend(new DecisionJournal.ChainHead(last.content().sequence(), last.hash(), last.content().decidedAt()));
                handedOver = true;
            }
            return rows.stream().map(DecisionJournal.Row::entry).toList();
        } finally {
            if (journal != null && !handedOver) {
                journal.directAppendFailed();
            }
        }
    }

    /**
     * Chains the entries after {@code head}: sequence, id, time (never earlier than the entry before it, so that a time
     * range of the log is a sequence range), masked input and hash. Writes nothing.
     */
    List<DecisionJournal.Row> chain(DecisionJournal.ChainHead head, List<LogEntry.Draft> entries) {
        long sequence = head.sequence();
        String previousHash = head.hash();
        Instant lastDecidedAt = head.decidedAt();
        List<DecisionJournal.Row> chained = new ArrayList<>(entries.size());
        for (LogEntry.Draft draft : entries) {
            sequence++;
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant decidedAt = now.isBefore(lastDecidedAt) ? lastDecidedAt : now;
            List<String> masked = new ArrayList<>();
            Map<String, Object> input = mask(draft.input(), masked);
            LogEntry content = draft.at(sequence, UUID.randomUUID().toString(), decidedAt, input, masked, previousHash);
            StoredEntry stored = new StoredEntry(content, content.computedHash());
            chained.add(new DecisionJournal.Row(stored, codes(draft.decision())));
            previousHash = stored.hash();
            lastDecidedAt = decidedAt;
        }
        return chained;
    }

    /**
     * Inserts chained entries, their code rows and the new head, in the caller's transaction; refuses entries that
     * do not continue the head the tables hold.
     */
    static void insertRows(Connection c, List<DecisionJournal.Row> rows) throws SQLException {
        DecisionJournal.ChainHead head = lockHead(c);
        LogEntry first = rows.get(0).entry().content();
        if (first.sequence() != head.sequence() + 1 || !first.previousHash().equals(head.hash())) {
            throw new SQLException("entry " + first.sequence() + " does not continue the decision log's head " + head.sequence()
                    + ": the chain was changed outside the service");
        }
        writeRows(c, rows);
    }

    /** The head row, locked for the rest of the caller's transaction: appends serialise on it. */
    private static DecisionJournal.ChainHead lockHead(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT last_sequence, last_hash, last_decided_at FROM decision_log_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = select.executeQuery()) {
            return head(rs);
        }
    }

    /** Inserts rows chained after the head the caller locked, their code rows, and the new head. */
    private static void writeRows(Connection c, List<DecisionJournal.Row> rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (" + StoredEntry.COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement codeRows = c.prepareStatement("INSERT INTO decision_log_code (code, sequence) VALUES (?, ?)")) {
            for (DecisionJournal.Row row : rows) {
                row.entry().bind(insert, row.codes());
                insert.addBatch();
                for (String code : row.codes()) {
                    codeRows.setString(1, code);
                    codeRows.setLong(2, row.entry().content().sequence());
                    codeRows.addBatch();
                }
            }
            insert.executeBatch();
            codeRows.executeBatch();
        }
        LogEntry last = rows.get(rows.size() - 1).entry().content();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE decision_log_head SET last_sequence = ?, last_hash = ?, last_decided_at = ? WHERE id = 1")) {
            update.setLong(1, last.sequence());
            update.setString(2, rows.get(rows.size() - 1).entry().hash());
            update.setObject(3, OffsetDateTime.ofInstant(last.decidedAt(), ZoneOffset.UTC));
            update.executeUpdate();
        }
    }

    /** The head the tables hold, read in a transaction of its own. */
    static DecisionJournal.ChainHead readHead(Database database) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT last_sequence, last_hash, last_decided_at FROM decision_log_head WHERE id = 1");
                 ResultSet rs = select.executeQuery()) {
                return head(rs);
            }
        });
    }

    private static DecisionJournal.ChainHead head(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            throw new SQLException("decision log head row missing: the schema was not migrated");
        }
        OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
        return new DecisionJournal.ChainHead(rs.getLong(1), rs.getString(2), last == null ? Instant.EPOCH : last.toInstant());
    }

    /** With the decision journal (H2): direct appends let it catch up first and hold the chain until they commit. */
    @Inject
    void journal(DecisionJournal journal) {
        this.journal = journal.active() ? journal : null;
    }

    /**
     * Counts the entries' decisions in /metrics: in a transaction, once it commits; outside one (a journaled batch,
     * durable once written), at once.
     */
    void counted(List<LogEntry.Draft> entries) {
        if (metrics != null) {
            for (LogEntry.Draft entry : entries) {
                metrics.appended(entry.decision(), entry.durationMicros());
            }
        }
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
