package io.relationshippolicy.decisionlog;

import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the decision log for auditors. Every filter has an index ending in {@code sequence}; the query
 * orders by the most selective filtered column and then by sequence, so the database walks one index
 * range in order and stops after a page. A time range becomes a sequence range first ({@code decidedAt}
 * never decreases along the chain), so it narrows any index.
 */
@Singleton
public class DecisionLogQueries {

    /** What an auditor asks for; null means "any". {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(String partnerId, String customerId, String kind, String outcome, String code, String action,
                         String service, String rulesVersion, Instant from, Instant to) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** Column names of the filters that can drive the order, most selective first. */
    private static final String[][] DRIVING = {
            {"customer_id", "customerId"}, {"partner_id", "partnerId"}, {"action", "action"}, {"service", "service"},
            {"rules_version", "rulesVersion"}, {"kind", "kind"}, {"outcome", "outcome"}};

    private static final String SELECT = "SELECT d." + StoredEntry.COLUMNS.replace(", ", ", d.");

    private final Database database;
    private final DecisionJournal journal;
    private volatile Boolean h2;

    public DecisionLogQueries(Database database, DecisionJournal journal) {
        this.database = database;
        this.journal = journal;
    }

    /** The entry of a decision id: 400 for a malformed id, 404 for an unknown one (the API's and the console's answers). */
    public StoredEntry entry(String decisionId) {
        if (!decisionId.matches("[0-9a-fA-F-]{1,36}")) {
            throw ProblemException.badRequest("'" + DecisionLogController.abbreviate(decisionId)
                    + "' is not a decision id: use the decisionId of a decision answer.");
        }
        return byDecisionId(decisionId).orElseThrow(() -> ProblemException.notFound("Decision", decisionId));
    }

    public Optional<StoredEntry> byDecisionId(String decisionId) {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " FROM decision_log d WHERE d.decision_id = ?")) {
                ps.setString(1, decisionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(StoredEntry.read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The entry at {@code sequence} in the chain, if there is one: an entry's neighbours are found this way. */
    public Optional<StoredEntry> bySequence(long sequence) {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " FROM decision_log d WHERE d.sequence = ?")) {
                ps.setLong(1, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(StoredEntry.read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** One page of entries, newest first; {@code nextBefore} is where the next page starts (exclusive), null on the last page. */
    public record EntryPage(List<StoredEntry> entries, Long nextBefore) {
    }

    /**
     * Up to {@code size} entries with a sequence below {@code before} (null: from the newest), newest first, and
     * where the next page starts: one entry more is read to know whether there is a next page.
     */
    public EntryPage page(Filter filter, Long before, int size) {
        List<StoredEntry> found = newestFirst(filter, before, size + 1);
        if (found.size() > size) {
            return new EntryPage(found.subList(0, size), found.get(size - 1).content().sequence());
        }
        return new EntryPage(found, null);
    }

    /** Up to {@code limit} entries with a sequence below {@code before} (null: from the newest), newest first. */
    public List<StoredEntry> newestFirst(Filter filter, Long before, int limit) {
        journal.awaitIndexed();
        return database.read(c -> {
            long[] range = sequenceRange(c, filter);
            long hi = before == null ? range[1] : Math.min(range[1], before - 1);
            return page(c, filter, range[0], hi, false, limit);
        });
    }

    /** Sequence of the newest entry now: an export stops there, so it is a consistent cut of the log. */
    public long headSequence() {
        journal.awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM decision_log_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The bounds of an export: [first, last] sequence that can match, or null when nothing can. */
    public long[] exportRange(Filter filter, long head) {
        journal.awaitIndexed();
        return database.read(c -> {
            long[] range = sequenceRange(c, filter);
            range[1] = Math.min(range[1], head);
            return range;
        });
    }

    /** Up to {@code limit} entries with sequence in (after, last], oldest first: one page of an export. */
    public List<StoredEntry> oldestFirst(Filter filter, long after, long last, int limit) {
        return database.read(c -> page(c, filter, after + 1, last, true, limit));
    }

    private List<StoredEntry> page(Connection c, Filter f, long lo, long hi, boolean ascending, int limit) throws SQLException {
        if (lo > hi) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT);
        String seq;
        String order;
        String dir = ascending ? " ASC" : " DESC";
        // the code table drives only when no customer or partner narrows the log further
        boolean codeDrives = f.code() != null && f.customerId() == null && f.partnerId() == null;
        String driving = null;
        if (codeDrives) {
            sql.append(" FROM decision_log_code k JOIN decision_log d ON d.sequence = k.sequence WHERE ");
            if (isH2(c)) {
                sql.append("k.code = ? AND k.sequence >= ? AND k.sequence <= ?");
                params.add(f.code());
                params.add(lo);
                params.add(hi);
            } else {
                // one range of the index (code, sequence), written so that no other index can take it: with separate
                // conditions, the generic plan PostgreSQL uses once the driver has prepared the statement on the
                // server read the verifier's index (sequence, code) and sorted every entry with the code
                // (300 ms at 1,000,000 entries, docs/performance.md)
                sql.append("(k.code, k.sequence) >= (?, ?) AND (k.code, k.sequence) <= (?, ?)");
                params.add(f.code());
                params.add(lo);
                params.add(f.code());
                params.add(hi);
            }
            seq = null; // the sequence bounds are in the condition above
            order = "k.code" + dir + ", k.sequence" + dir;
        } else {
            sql.append(" FROM decision_log d WHERE 1 = 1");
            seq = "d.sequence";
            for (String[] column : DRIVING) {
                if (value(f, column[1]) != null) {
                    driving = column[0];
                    break;
                }
            }
            order = (driving == null ? "" : "d." + driving + dir + ", ") + "d.sequence" + dir;
            if (f.code() != null) {
                sql.append(" AND d.reason_codes LIKE ? ESCAPE '!'");
                params.add("%," + f.code().replace("!", "!!").replace("_", "!_").replace("%", "!%") + ",%");
            }
        }
        for (String[] column : DRIVING) {
            Object value = value(f, column[1]);
            if (value != null) {
                if (column[0].equals(driving)) {
                    sql.append(" AND ");
                    drivingCondition(c, sql, params, "d." + column[0], value);
                    continue;
                }
                if (!isH2(c)) {
                    sql.append(" AND d.").append(column[0]).append(" = ?");
                } else {
                    // H2 plans by index selectivity alone: hide the other columns so that it walks the driving
                    // index in order and stops after a page, instead of sorting every row of a larger index
                    sql.append(" AND COALESCE(d.").append(column[0]).append(", '') = ?");
                }
                params.add(value);
            }
        }
        if (seq != null) {
            sql.append(" AND ").append(seq).append(" >= ? AND ").append(seq).append(" <= ?");
            params.add(lo);
            params.add(hi);
        }
        sql.append(" ORDER BY ").append(order).append(" LIMIT ").append(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<StoredEntry> entries = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(StoredEntry.read(rs));
                }
            }
            return entries;
        }
    }

    /**
     * The condition on the column whose index drives the query. PostgreSQL gets it as a one-value range:
     * an equality would let it drop the column from the order and walk the primary key backwards instead,
     * which is slow when the value lives in older entries only (a rules version, a code no longer given).
     */
    private void drivingCondition(Connection c, StringBuilder sql, List<Object> params, String column, Object value) throws SQLException {
        if (isH2(c)) {
            sql.append(column).append(" = ?");
            params.add(value);
        } else {
            sql.append(column).append(" >= ? AND ").append(column).append(" <= ?");
            params.add(value);
            params.add(value);
        }
    }

    private boolean isH2(Connection c) throws SQLException {
        Boolean known = h2;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().equals("H2");
            h2 = known;
        }
        return known;
    }

    private static Object value(Filter f, String field) {
        return switch (field) {
            case "customerId" -> f.customerId();
            case "partnerId" -> f.partnerId();
            case "action" -> f.action();
            case "service" -> f.service();
            case "rulesVersion" -> f.rulesVersion();
            case "kind" -> f.kind();
            case "outcome" -> f.outcome();
            default -> throw new IllegalArgumentException(field);
        };
    }

    /**
     * [lowest, highest] sequence of a filter's time range, found on the decided_at index. Exact because
     * the append never lets decidedAt go backwards along the chain, so the query needs no time condition.
     */
    private static long[] sequenceRange(Connection c, Filter f) throws SQLException {
        long lo = 1;
        long hi = Long.MAX_VALUE - 1;
        if (f.from() != null) {
            Long first = firstSequence(c, "SELECT sequence FROM decision_log WHERE decided_at >= ? ORDER BY decided_at, sequence LIMIT 1", f.from());
            lo = first == null ? Long.MAX_VALUE : first;
        }
        if (f.to() != null) {
            Long last = firstSequence(c, "SELECT sequence FROM decision_log WHERE decided_at < ? ORDER BY decided_at DESC, sequence DESC LIMIT 1", f.to());
            hi = last == null ? 0 : last;
        }
        return new long[]{lo, hi};
    }

    private static Long firstSequence(Connection c, String sql, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
