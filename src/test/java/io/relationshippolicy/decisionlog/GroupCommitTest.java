package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decisions that change no state share commits, each caller returns only once its entry is committed, and the chain stays
 * linear. This is the path of PostgreSQL, where the decision journal is off: here it is switched off on H2 too.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.decision-log.journal.enabled", value = "false")
class GroupCommitTest {

    @Inject
    GroupCommitLog groupCommitLog;

    @Inject
    DecisionLog log;

    @Inject
    Database database;

    @Inject
    DecisionLogVerifier verifier;

    @Test
    void concurrentDecisionsShareOneCommitAndGetConsecutiveSequences() throws Exception {
        int callers = 20;
        long commitsBefore = groupCommitLog.commits();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<StoredEntry>> results = new ArrayList<>();
        // a lifecycle command holds the head row: the decisions arriving meanwhile queue up behind it
        holdingTheHead(() -> {
            for (int i = 0; i < callers; i++) {
                int n = i;
                results.add(pool.submit(() -> groupCommitLog.appendDurably(entry("user-" + n))));
            }
            awaitWaiting(callers);
        });
        List<Long> sequences = new ArrayList<>();
        for (Future<StoredEntry> f : results) {
            LogEntry logged = f.get(30, TimeUnit.SECONDS).content();
            sequences.add(logged.sequence());
            assertTrue(committed(logged.decisionId()), "the caller returned after its entry was committed");
        }
        pool.shutdown();
        long min = sequences.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertEquals(callers, sequences.stream().distinct().count());
        assertEquals(min + callers - 1, sequences.stream().mapToLong(Long::longValue).max().orElseThrow(), "no gaps, no forks");
        long commits = groupCommitLog.commits() - commitsBefore;
        assertTrue(commits <= 2, callers + " decisions took " + commits + " commits");
        assertTrue(verifier.verify(List.of()).valid());
    }

    @Test
    void aBatchIsAppendedInOrderInOneCommit() {
        long commitsBefore = groupCommitLog.commits();
        List<StoredEntry> logged = groupCommitLog.appendAllDurably(List.of(entry("a"), entry("b"), entry("c")));
        assertEquals(1, groupCommitLog.commits() - commitsBefore);
        assertEquals(logged.get(0).content().sequence() + 1, logged.get(1).content().sequence());
        assertEquals(logged.get(1).content().sequence() + 1, logged.get(2).content().sequence());
    }

    @Test
    void anEntryThatCannotBeWrittenFailsAloneAndIsNotAnswered() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<StoredEntry>> good = new ArrayList<>();
        Future<StoredEntry>[] bad = new Future[1];
        holdingTheHead(() -> {
            good.add(pool.submit(() -> groupCommitLog.appendDurably(entry("fine-1"))));
            bad[0] = pool.submit(() -> groupCommitLog.appendDurably(entry("x".repeat(500))));
            good.add(pool.submit(() -> groupCommitLog.appendDurably(entry("fine-2"))));
            awaitWaiting(3);
        });
        for (Future<StoredEntry> f : good) {
            assertTrue(committed(f.get(30, TimeUnit.SECONDS).content().decisionId()));
        }
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> bad[0].get(30, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof GroupCommitLog.DecisionNotLoggedException, failure.getCause().toString());
        pool.shutdown();
        assertTrue(verifier.verify(List.of()).valid());
    }

    private void holdingTheHead(Runnable meanwhile) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM decision_log_head WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            locked.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(locked.await(5, TimeUnit.SECONDS));
        try {
            meanwhile.run();
        } finally {
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitWaiting(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (groupCommitLog.waiting() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(groupCommitLog.waiting() >= n, "callers waiting behind the head lock: " + groupCommitLog.waiting());
    }

    private boolean committed(String decisionId) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_log WHERE decision_id = ?")) {
                ps.setString(1, decisionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        });
    }

    private static LogEntry.Draft entry(String sub) {
        Decision decision = new Decision(DecisionKind.AUTHORIZATION, Outcome.ALLOW, List.of(), List.of(), List.of("AUTH-001"), "sha256:test");
        return LogEntry.of(decision, new Caller(sub, "P-1", Set.of("PARTNER"))).partnerId("P-1").customerId("C-1").action("READ")
                .service("AZURE").input(Map.of("n", 1)).durationMicros(5);
    }
}
