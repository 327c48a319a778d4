package io.relationshippolicy.decisionlog;

import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.support.ServiceInstance;
import io.relationshippolicy.system.Database;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On H2, decisions that change no state are durable once in the decision journal and reach the log's tables right
 * after: what was answered is readable at once, lifecycle commands appending in their own transactions keep one
 * chain with them, and entries that only the journal holds (the service was killed first) are in the tables after
 * the next start.
 */
class DecisionJournalTest {

    private final Path dir = Path.of("target", "journal-test", Long.toString(System.nanoTime())).toAbsolutePath();

    private ServiceInstance start() {
        return ServiceInstance.start(Map.of(
                "datasources.default.url", "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "policy.decision-log.journal.path", dir.resolve("decision-journal").toString(),
                "policy.decision-log.checkpoints.path", dir.resolve("checkpoints").toString()));
    }

    @Test
    void answeredEntriesAreReadableAtOnceAndDirectAppendsShareTheirChain() throws Exception {
        try (ServiceInstance service = start()) {
            DecisionJournal journal = service.bean(DecisionJournal.class);
            assertTrue(journal.active(), "the journal is on for H2");
            GroupCommitLog groupCommitLog = service.bean(GroupCommitLog.class);
            DecisionLog log = service.bean(DecisionLog.class);
            Database database = service.bean(Database.class);
            DecisionLogQueries queries = service.bean(DecisionLogQueries.class);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<StoredEntry>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                answers.add(pool.submit(() -> n % 25 == 0
                        ? database.write(c -> log.append(c, entry(n)))            // a lifecycle command's own transaction
                        : groupCommitLog.appendDurably(entry(n))));
            }
            Set<Long> sequences = new HashSet<>();
            for (Future<StoredEntry> answer : answers) {
                StoredEntry entry = answer.get();
                sequences.add(entry.content().sequence());
                // readable as soon as it was answered, as it was written
                assertEquals(entry.hash(), queries.bySequence(entry.content().sequence()).orElseThrow().hash());
            }
            pool.shutdown();
            assertEquals(400, sequences.size(), "every entry has a sequence of its own");

            DecisionLogVerifier.Verification verification = service.bean(DecisionLogVerifier.class).verify();
            assertTrue(verification.valid(), verification.toString());
            assertEquals(400, verification.entriesChecked());
            assertEquals(0, journal.pending());
        }
    }

    @Test
    void entriesOnlyTheJournalHoldsAreInTheTablesAfterTheNextStartAndATornTailIsCut() throws Exception {
        DecisionJournal.ChainHead head;
        try (ServiceInstance service = start()) {
            service.bean(GroupCommitLog.class).appendDurably(entry(0));
            service.bean(DecisionJournal.class).awaitIndexed();
            head = DecisionLog.readHead(service.bean(Database.class));
            assertEquals(1, head.sequence());
        }
        // the service was killed after journaling three more entries and in the middle of a fourth
        DecisionLog chainer = new DecisionLog(List.of("body"), Clock.systemUTC());
        List<DecisionJournal.Row> written = chainer.chain(head, List.of(entry(1), entry(2), entry(3), entry(4)));
        byte[] whole = bytes(DecisionJournal.encode(written.subList(0, 3)));
        byte[] torn = bytes(DecisionJournal.encode(written.subList(3, 4)));
        byte[] file = new byte[whole.length + torn.length / 2];
        System.arraycopy(whole, 0, file, 0, whole.length);
        System.arraycopy(torn, 0, file, whole.length, torn.length / 2);
        Files.write(dir.resolve("decision-journal"), file);

        try (ServiceInstance service = start()) {
            DecisionLogQueries queries = service.bean(DecisionLogQueries.class);
            for (DecisionJournal.Row row : written.subList(0, 3)) {
                StoredEntry stored = queries.bySequence(row.entry().content().sequence()).orElseThrow();
                assertEquals(row.entry(), stored);
            }
            assertTrue(queries.bySequence(written.get(3).entry().content().sequence()).isEmpty(), "the torn record was never answered");
            DecisionLogVerifier.Verification verification = service.bean(DecisionLogVerifier.class).verify();
            assertTrue(verification.valid(), verification.toString());
            assertEquals(head.sequence() + 3, verification.entriesChecked());
            assertEquals(0, Files.size(dir.resolve("decision-journal")), "the journal starts again once the tables hold it");

            // the chain goes on from the recovered entries
            StoredEntry next = service.bean(GroupCommitLog.class).appendDurably(entry(5));
            assertEquals(head.sequence() + 4, next.content().sequence());
            assertEquals(written.get(2).entry().hash(), next.content().previousHash());
        }
    }

    @Test
    void aJournalThatDoesNotContinueTheTablesIsKeptAsideNotApplied() throws Exception {
        try (ServiceInstance service = start()) {
            service.bean(GroupCommitLog.class).appendDurably(entry(0));
        }
        DecisionLog chainer = new DecisionLog(List.of("body"), Clock.systemUTC());
        List<DecisionJournal.Row> foreign = chainer.chain(new DecisionJournal.ChainHead(41, "sha256:" + "ab".repeat(32),
                java.time.Instant.EPOCH), List.of(entry(1)));
        byte[] file = bytes(DecisionJournal.encode(foreign));
        Files.write(dir.resolve("decision-journal"), file);

        try (ServiceInstance service = start()) {
            DecisionLogVerifier.Verification verification = service.bean(DecisionLogVerifier.class).verify();
            assertTrue(verification.valid(), verification.toString());
            assertEquals(1, verification.entriesChecked());
            try (Stream<Path> files = Files.list(dir)) {
                Path aside = files.filter(p -> p.getFileName().toString().startsWith("decision-journal.orphaned-")).findFirst().orElseThrow();
                assertArrayEquals(file, Files.readAllBytes(aside), "kept as it was");
            }
        }
    }

    @Test
    void aCleanStopWritesEverythingIntoTheTablesAndEmptiesTheJournal() throws Exception {
        try (ServiceInstance service = start()) {
            GroupCommitLog groupCommitLog = service.bean(GroupCommitLog.class);
            for (int i = 0; i < 50; i++) {
                groupCommitLog.appendDurably(entry(i));
            }
        }
        assertEquals(0, Files.size(dir.resolve("decision-journal")));
        // the tables alone, read without the service (so without its recovery at start)
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(sequence) FROM decision_log")) {
            rs.next();
            assertEquals(50, rs.getLong(1));
            assertEquals(50, rs.getLong(2));
        }
    }

    @Test
    void aRecordReadsBackAsItWasWritten() throws Exception {
        DecisionLog chainer = new DecisionLog(List.of("body"), Clock.systemUTC());
        DecisionJournal.Row row = chainer.chain(new DecisionJournal.ChainHead(0, EntryHashing.GENESIS, java.time.Instant.EPOCH),
                List.of(entry(7).subscriptionId(null).input(Map.of("body", "secret", "n", List.of(1, "ü")))) ).get(0);
        ByteBuffer encoded = DecisionJournal.encode(List.of(row));
        encoded.position(8);
        DecisionJournal.Row read = DecisionJournal.decode(encoded.slice());
        assertEquals(row, read);
        assertEquals(row.entry().hash(), read.entry().expectedHash(), "the hash still matches the content read back");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static LogEntry.Draft entry(int n) {
        Decision decision = new Decision(DecisionKind.AUTHORIZATION, n % 3 == 0 ? Outcome.DENY : Outcome.ALLOW,
                n % 3 == 0 ? List.of(new Decision.Reason("NO_RULE_ALLOWS", null, null, null, null)) : List.of(),
                List.of(), List.of("AUTH-001"), "sha256:test");
        return LogEntry.of(decision, new Caller("partner-user", "P-1", Set.of("PARTNER"))).partnerId("P-1").customerId("C-1")
                .action("BILLING").service("AZURE").subscriptionId("S-" + n).input(Map.of("request", Map.of("n", n)))
                .durationMicros(n);
    }
}
