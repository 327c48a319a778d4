package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable appends for decisions that change no state (authorization decisions, request links, email
 * checks): the caller blocks until its entry is committed, and only then answers.
 *
 * <pre>{@code
 * StoredEntry logged = groupCommitLog.appendDurably(LogEntry.of(decision, caller).partnerId(partnerId).input(input));
 * List<StoredEntry> all = groupCommitLog.appendAllDurably(entries);   // a batch, in order, one commit
 * }</pre>
 *
 * Both block the calling thread (call them from a blocking executor, never from the event loop) and
 * return only after the commit; they throw {@link DecisionNotLoggedException} when the entry could not be
 * written, in which case the decision must not be answered. One writer thread drains the queue and appends
 * everything waiting in one transaction (group commit): concurrent decisions share one commit, so
 * durability does not cost throughput. On H2 the batch is written to the {@link DecisionJournal} instead of
 * committed to the tables, which take it shortly after. Appends serialise on the chain head row with those of
 * {@link DecisionLog#append} (lifecycle commands, which log inside their own transaction), so the chain
 * stays linear across threads and instances.
 */
@Singleton
public class GroupCommitLog {

    /** The entry was not committed; the decision it records must not be answered (HTTP 503, problem+json). */
    public static class DecisionNotLoggedException extends ProblemException {
        public DecisionNotLoggedException(String message, Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "Decision not logged", message
                    + ". No decision was given; retry the request later.");
            if (cause != null) {
                LOG.warn("decision not logged: {}", message, cause);
            }
        }
    }

    private record Pending(List<LogEntry.Draft> entries, CompletableFuture<List<StoredEntry>> done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLog.class);

    private final Database database;
    private final DecisionLog log;
    private final DecisionJournal journal;
    private final DecisionMetrics metrics;
    private final DecisionLogCheckpoints checkpoints;
    private final int maxBatch;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean stopping;

    public GroupCommitLog(Database database, DecisionLog log, DecisionJournal journal, DecisionMetrics metrics,
                          DecisionLogCheckpoints checkpoints,
                          @Value("${policy.decision-log.group-commit.max-batch:500}") int maxBatch,
                          @Value("${policy.decision-log.group-commit.timeout:30s}") Duration timeout) {
        this.database = database;
        this.log = log;
        this.journal = journal;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.maxBatch = maxBatch;
        this.timeout = timeout;
        this.writer = new Thread(this::run, "decision-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Appends one entry and returns once it is committed. */
    public StoredEntry appendDurably(LogEntry.Draft entry) {
        return appendAllDurably(List.of(entry)).get(0);
    }

    /** Appends the entries, consecutive and in this order, and returns once they are committed. */
    public List<StoredEntry> appendAllDurably(List<LogEntry.Draft> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (stopping) {
            throw new DecisionNotLoggedException("the service is shutting down; the decision was not logged", null);
        }
        Pending pending = new Pending(List.copyOf(entries), new CompletableFuture<>());
        waiting.incrementAndGet();
        queue.add(pending);
        try {
            return pending.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DecisionNotLoggedException("the decision could not be written to the decision log", e.getCause());
        } catch (TimeoutException e) {
            throw new DecisionNotLoggedException("the decision log did not confirm the entry within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionNotLoggedException("interrupted while waiting for the decision log", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!(stopping && queue.isEmpty())) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int size = first.entries().size();
                Pending next;
                while (size < maxBatch && (next = queue.poll()) != null) {
                    batch.add(next);
                    size += next.entries().size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                if (!stopping) {
                    LOG.warn("decision-log writer interrupted; continuing");
                }
            } catch (Throwable unexpected) {
                LOG.error("decision-log writer failed on a batch", unexpected);
                batch.forEach(p -> p.done().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
        Pending late;
        while ((late = queue.poll()) != null) {
            late.done().completeExceptionally(new IllegalStateException("the service is shutting down"));
        }
    }

    private void commit(List<Pending> batch) {
        List<LogEntry.Draft> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.entries()));
        List<StoredEntry> logged;
        try {
            logged = append(all);
            commits.incrementAndGet();
        } catch (RuntimeException batchFailed) {
            LOG.warn("decision-log batch of {} entries failed; committing its requests one by one", all.size(), batchFailed);
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            // one bad entry must not cost the others their answer: commit each request on its own
            for (Pending p : batch) {
                try {
                    p.done().complete(append(p.entries()));
                    commits.incrementAndGet();
                } catch (RuntimeException failed) {
                    p.done().completeExceptionally(failed);
                }
            }
            return;
        }
        int from = 0;
        for (Pending p : batch) {
            int to = from + p.entries().size();
            p.done().complete(List.copyOf(logged.subList(from, to)));
            from = to;
        }
    }

    /** Journals the entries (H2: durable once written there) or commits them to the log's tables. */
    private List<StoredEntry> append(List<LogEntry.Draft> entries) {
        if (!journal.active()) {
            return database.write(c -> log.appendAll(c, entries));
        }
        long started = System.nanoTime();
        List<DecisionJournal.Row> rows = journal.write(head -> log.chain(head, entries));
        metrics.logWritten(entries.size(), System.nanoTime() - started);
        log.counted(entries);
        return rows.stream().map(DecisionJournal.Row::entry).toList();
    }

    /** Transactions committed so far (each holds one or more requests' entries). */
    public long commits() {
        return commits.get();
    }

    /** Callers waiting for their entries to be committed. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * At a clean shutdown: the queued decisions are committed, then the head is signed, so the tail written
     * since the last interval's checkpoint is covered too (docs/decision-log.md).
     */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        writer.join(10_000);
        journal.awaitIndexed();
        checkpoints.atShutdown();
    }
}
