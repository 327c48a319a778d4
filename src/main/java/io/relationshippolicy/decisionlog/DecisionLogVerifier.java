package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.system.Database;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Walks the chain from sequence 1 to the head and names the first sequence that cannot be trusted.
 * For each entry, in order: its sequence is the one expected (none missing, none renumbered); its
 * previousHash is the hash of the entry before (genesis for the first); its hash is recomputed from its
 * stored columns; where a signed checkpoint names its sequence, the hashes agree. After the last entry:
 * the head row and every authentic checkpoint point no further than the chain reaches, so a removed tail
 * is detected. The rows derived from entries that queries rely on are checked in the same pass, page by page:
 * each entry's {@code decision_log_code} rows and its {@code reason_codes} column must name exactly the codes
 * of its reasons and obligations, and no code row may point outside the chain, so a query by {@code code}
 * cannot silently miss or invent an entry. docs/decision-log.md describes the same algorithm for auditors.
 */
@Singleton
public class DecisionLogVerifier {

    @Serdeable
    public record Verification(boolean valid, long entriesChecked, @Nullable Long firstInvalidSequence, @Nullable String problem,
                               long headSequence, int checkpointsChecked, int checkpointsRejected) {
    }

    /** A page of entries with what was derived from them: the reason_codes column and the code rows, by sequence. */
    private record Page(List<StoredEntry> entries, List<String> reasonCodes, Map<Long, List<String>> codeRows) {
    }

    private static final int PAGE = 5000;
    private static final int READERS = 2;
    private static final int READ_AHEAD = 3;

    private final Database database;
    private final DecisionJournal journal;
    private final DecisionLogCheckpoints checkpoints;

    public DecisionLogVerifier(Database database, DecisionJournal journal, DecisionLogCheckpoints checkpoints) {
        this.database = database;
        this.journal = journal;
        this.checkpoints = checkpoints;
    }

    /** Verifies against the checkpoints of the installation's checkpoint folder. */
    public Verification verify() {
        return verify(checkpoints.all());
    }

    /** Verifies against the given checkpoints (for example those an auditor kept); unauthentic ones are counted and ignored. */
    public Verification verify(List<DecisionLogCheckpoints.Checkpoint> given) {
        Map<Long, List<DecisionLogCheckpoints.Checkpoint>> bySequence = new TreeMap<>();
        int rejected = 0;
        for (DecisionLogCheckpoints.Checkpoint c : given) {
            if (checkpoints.authentic(c)) {
                bySequence.computeIfAbsent(c.sequence(), s -> new ArrayList<>()).add(c);
            } else {
                rejected++;
            }
        }
        int accepted = given.size() - rejected;
        journal.awaitIndexed();
        Object[] head = database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence, last_hash FROM decision_log_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Object[]{rs.getLong(1), rs.getString(2)} : new Object[]{0L, EntryHashing.GENESIS};
            }
        });
        long headSequence = (Long) head[0];
        String headHash = (String) head[1];

        long last = 0;
        String previousHash = EntryHashing.GENESIS;
        long lastGoodCheckpoint = 0;
        long checked = 0;
        // pages are sequence ranges, read ahead by two threads while the current one is hashed on every core
        ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "decision-log-verification-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<CompletableFuture<Page>> ahead = new ArrayDeque<>();
            long nextPageStart = 1;
            while (true) {
                while (ahead.size() < READ_AHEAD && nextPageStart <= headSequence) {
                    long from = nextPageStart;
                    long to = Math.min(headSequence, from + PAGE - 1);
                    ahead.add(CompletableFuture.supplyAsync(() -> page(from, to), readers));
                    nextPageStart = to + 1;
                }
                if (ahead.isEmpty()) {
                    break;
                }
                Page read = ahead.poll().join();
                List<StoredEntry> page = read.entries();
                String[] hashes = page.parallelStream().map(StoredEntry::expectedHash).toArray(String[]::new);
                for (int i = 0; i < page.size(); i++) {
                    LogEntry e = page.get(i).content();
                    String hash = page.get(i).hash();
                    long expected = last + 1;
                    if (e.sequence() != expected) {
                        return invalid(checked, expected, "entry " + expected + " is missing: the next entry found is " + e.sequence(),
                                headSequence, accepted, rejected);
                    }
                    checked++;
                    if (!e.previousHash().equals(previousHash)) {
                        return invalid(checked, expected, "entry " + expected + " does not name the hash of entry " + last
                                + " as its previousHash", headSequence, accepted, rejected);
                    }
                    if (!hashes[i].equals(hash)) {
                        return invalid(checked, expected, "entry " + expected + " does not match its hash: its content was changed",
                                headSequence, accepted, rejected);
                    }
                    String derived = derivedRowsProblem(e, read.reasonCodes().get(i), read.codeRows().getOrDefault(expected, List.of()));
                    if (derived != null) {
                        return invalid(checked, expected, derived, headSequence, accepted, rejected);
                    }
                    for (DecisionLogCheckpoints.Checkpoint cp : bySequence.getOrDefault(expected, List.of())) {
                        if (!cp.hash().equals(hash)) {
                            return invalid(checked, lastGoodCheckpoint + 1, "the chain differs from the checkpoint signed at sequence "
                                    + expected + ": it was rewritten after sequence " + lastGoodCheckpoint, headSequence, accepted, rejected);
                        }
                        lastGoodCheckpoint = expected;
                    }
                    previousHash = hash;
                    last = expected;
                }
            }
        } finally {
            readers.shutdownNow();
        }
        if (last < headSequence) {
            return invalid(checked, last + 1, "the head records " + headSequence + " entries but the chain ends at " + last
                    + ": entries were removed from the end", headSequence, accepted, rejected);
        }
        if (!previousHash.equals(headHash)) {
            return invalid(checked, headSequence, "the head's hash is not the hash of entry " + headSequence, headSequence, accepted, rejected);
        }
        long furthest = bySequence.isEmpty() ? 0 : ((TreeMap<Long, ?>) bySequence).lastKey();
        if (furthest > last) {
            return invalid(checked, last + 1, "a signed checkpoint records sequence " + furthest + " but the chain ends at " + last
                    + ": entries were removed from the end", headSequence, accepted, rejected);
        }
        Long stray = strayCodeRow(headSequence);
        if (stray != null) {
            return invalid(checked, stray, "a decision_log_code row names sequence " + stray + ", which is not an entry of the chain "
                    + "(1 to " + headSequence + "): a query by code would find an entry that does not exist", headSequence, accepted, rejected);
        }
        return new Verification(true, checked, null, null, headSequence, accepted, rejected);
    }

    /** The rows with sequence in [from, to], in order (a gap in the chain shows as a missing sequence), with their code rows. */
    private Page page(long from, long to) {
        return database.read(c -> {
            List<StoredEntry> rows = new ArrayList<>(PAGE);
            List<String> reasonCodes = new ArrayList<>(PAGE);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredEntry.COLUMNS
                    + " FROM decision_log WHERE sequence >= ? AND sequence <= ? ORDER BY sequence")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(StoredEntry.read(rs));
                        reasonCodes.add(rs.getString("reason_codes"));
                    }
                }
            }
            Map<Long, List<String>> codes = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sequence, code FROM decision_log_code WHERE sequence >= ? AND sequence <= ? ORDER BY sequence, code")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        codes.computeIfAbsent(rs.getLong(1), s -> new ArrayList<>(2)).add(rs.getString(2));
                    }
                }
            }
            return new Page(rows, reasonCodes, codes);
        });
    }

    /**
     * What is wrong with the rows derived from an entry whose hash checked, or null: the code rows and the
     * reason_codes column must name exactly the codes of its (hashed) reasons and obligations.
     */
    static String derivedRowsProblem(LogEntry e, String reasonCodesColumn, List<String> codeRows) {
        Set<String> codes = new TreeSet<>(StoredEntry.codes(e.reasons()));
        codes.addAll(StoredEntry.codes(e.obligations()));
        for (String code : codes) {
            if (!codeRows.contains(code)) {
                return "entry " + e.sequence() + " carries code " + code + " but its decision_log_code row is missing: "
                        + "a query with code=" + code + " would not find it";
            }
        }
        for (String row : codeRows) {
            if (!codes.contains(row)) {
                return "a decision_log_code row names code " + row + " for entry " + e.sequence() + ", which does not carry it: "
                        + "a query with code=" + row + " would wrongly find it";
            }
        }
        String expected = StoredEntry.reasonCodesColumn(codes);
        if (!expected.equals(reasonCodesColumn == null ? "" : reasonCodesColumn)) {
            return "the reason_codes column of entry " + e.sequence() + " does not list the codes of its reasons and obligations: "
                    + "a query by code together with partnerId or customerId would miss it or wrongly find it";
        }
        return null;
    }

    /** A code row pointing before the first or after the last entry, or null. */
    private Long strayCodeRow(long headSequence) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(sequence) FROM decision_log_code WHERE sequence < 1 OR sequence > ?")) {
                ps.setLong(1, headSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    long stray = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() ? null : stray;
                }
            }
        });
    }

    private static Verification invalid(long checked, long sequence, String problem, long head, int accepted, int rejected) {
        return new Verification(false, checked, sequence, problem, head, accepted, rejected);
    }
}
