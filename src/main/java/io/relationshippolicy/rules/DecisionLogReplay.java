package io.relationshippolicy.rules;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.PolicyEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds the newest logged decisions to an {@link ImpactAnalysis}, a page at a time, so that replaying
 * ten thousand decisions neither holds them all in memory nor keeps one read transaction open throughout.
 * Plain JDBC: the service reads through its pool, the {@code rules impact} command through one connection.
 */
public final class DecisionLogReplay {

    /** The size of one page of log entries. */
    static final int PAGE = 500;

    /** Reads up to {@code size} entries with a sequence below {@code belowSequence}, newest first. */
    @FunctionalInterface
    public interface PageReader {
        List<ImpactAnalysis.LoggedInput> page(long belowSequence, int size) throws SQLException;
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);
    private static final Argument<List<Map<String, Object>>> LIST = Argument.listOf(OBJECT);

    private DecisionLogReplay() {
    }

    /** Replays the {@code last} newest decisions (all of them when fewer are logged) against {@code candidate}. */
    public static ImpactAnalysis.Impact replay(PolicyEngine candidate, int last, PageReader reader) throws SQLException {
        ImpactAnalysis analysis = new ImpactAnalysis(candidate);
        long below = Long.MAX_VALUE;
        int left = last;
        while (left > 0) {
            List<ImpactAnalysis.LoggedInput> page = reader.page(below, Math.min(PAGE, left));
            page.forEach(analysis::replay);
            if (page.size() < Math.min(PAGE, left)) {
                break;
            }
            left -= page.size();
            below = page.get(page.size() - 1).sequence();
        }
        return analysis.result();
    }

    public static ImpactAnalysis.Impact replay(PolicyEngine candidate, int last, Connection connection) throws SQLException {
        return replay(candidate, last, (below, size) -> page(connection, below, size));
    }

    public static List<ImpactAnalysis.LoggedInput> page(Connection c, long belowSequence, int size) throws SQLException {
        List<ImpactAnalysis.LoggedInput> entries = new ArrayList<>(size);
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, decision_id, kind, outcome, decided_at, rules_version, "
                + "partner_id, customer_id, input, reasons, obligations FROM decision_log WHERE sequence < ? "
                + "ORDER BY sequence DESC LIMIT ?")) {
            ps.setLong(1, belowSequence);
            ps.setInt(2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new ImpactAnalysis.LoggedInput(rs.getString("decision_id"), rs.getLong("sequence"),
                            DecisionKind.valueOf(rs.getString("kind")), rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
                            rs.getString("rules_version"), rs.getString("partner_id"), rs.getString("customer_id"),
                            Outcome.valueOf(rs.getString("outcome")), codes(rs.getString("reasons")), codes(rs.getString("obligations")),
                            parse(rs.getString("input"), OBJECT)));
                }
            }
        }
        return entries;
    }

    private static List<String> codes(String json) {
        return parse(json, LIST).stream().map(item -> String.valueOf(item.get("code"))).toList();
    }

    private static <T> T parse(String json, Argument<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a decision-log entry holds JSON that cannot be read: " + e.getMessage(), e);
        }
    }
}
