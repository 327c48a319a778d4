package io.relationshippolicy.decisionlog;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logged decisions as a replay needs them: the command's input as it was evaluated, and the outcome and codes
 * the rules gave. The decision log reads its own rows; whoever replays them (impact analysis, the
 * {@code rules impact} command on a plain connection) reads through here.
 */
public final class LoggedCommands {

    /** One logged decision; {@code input} is the entry's input, parsed. */
    public record LoggedCommand(String decisionId, long sequence, DecisionKind kind, Instant decidedAt, String rulesVersion,
                                String partnerId, String customerId, Outcome outcome, List<String> reasonCodes,
                                List<String> obligationCodes, Map<String, Object> input) {
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);
    private static final Argument<List<Map<String, Object>>> LIST = Argument.listOf(OBJECT);

    private LoggedCommands() {
    }

    /** Up to {@code size} entries with a sequence below {@code belowSequence}, newest first. */
    public static List<LoggedCommand> newestBelow(Connection c, long belowSequence, int size) throws SQLException {
        List<LoggedCommand> entries = new ArrayList<>(size);
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, decision_id, kind, outcome, decided_at, rules_version, "
                + "partner_id, customer_id, input, reasons, obligations FROM decision_log WHERE sequence < ? "
                + "ORDER BY sequence DESC LIMIT ?")) {
            ps.setLong(1, belowSequence);
            ps.setInt(2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new LoggedCommand(rs.getString("decision_id"), rs.getLong("sequence"),
                            DecisionKind.valueOf(rs.getString("kind")), rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
                            rs.getString("rules_version"), rs.getString("partner_id"), rs.getString("customer_id"),
                            Outcome.valueOf(rs.getString("outcome")), codes(rs.getString("reasons")), codes(rs.getString("obligations")),
                            parse(rs.getString("input"), OBJECT)));
                }
            }
        }
        return entries;
    }

    /** One entry as a replay needs it, for replaying a single decision an auditor is looking at. */
    public static LoggedCommand of(StoredEntry stored) {
        LogEntry e = stored.content();
        return new LoggedCommand(e.decisionId(), e.sequence(), DecisionKind.valueOf(e.kind()), e.decidedAt(), e.rulesVersion(),
                e.partnerId(), e.customerId(), Outcome.valueOf(e.outcome()), codes(e.reasons()), codes(e.obligations()),
                parse(e.input(), OBJECT));
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
