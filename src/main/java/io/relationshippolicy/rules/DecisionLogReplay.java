package io.relationshippolicy.rules;

import io.relationshippolicy.decisionlog.LoggedCommands;
import io.relationshippolicy.policy.PolicyEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Feeds the newest logged decisions to an {@link ImpactAnalysis}, a page at a time, so that replaying
 * ten thousand decisions neither holds them all in memory nor keeps one read transaction open throughout.
 * The decision log reads its own rows ({@link LoggedCommands}): the service through its pool, the {@code rules impact}
 * command through one connection.
 */
public final class DecisionLogReplay {

    /** The size of one page of log entries. */
    static final int PAGE = 500;

    /** Reads up to {@code size} entries with a sequence below {@code belowSequence}, newest first. */
    @FunctionalInterface
    public interface PageReader {
        List<ImpactAnalysis.LoggedInput> page(long belowSequence, int size) throws SQLException;
    }

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

    /** A page of the log, read through the decision log's own reader. */
    public static List<ImpactAnalysis.LoggedInput> page(Connection c, long belowSequence, int size) throws SQLException {
        return LoggedCommands.newestBelow(c, belowSequence, size).stream().map(DecisionLogReplay::input).toList();
    }

    /** A logged decision as a replay takes it. */
    public static ImpactAnalysis.LoggedInput input(LoggedCommands.LoggedCommand e) {
        return new ImpactAnalysis.LoggedInput(e.decisionId(), e.sequence(), e.kind(), e.decidedAt(), e.rulesVersion(),
                e.partnerId(), e.customerId(), e.outcome(), e.reasonCodes(), e.obligationCodes(), e.input());
    }
}
