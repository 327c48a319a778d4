package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The decision journal: on the embedded H2 database, a decision that changes no state is durable once its chained
 * entry is written to an append-only file beside the database, and its rows (the entry, its index rows and code
 * rows) reach the {@code decision_log} tables shortly after, in large batches, from one indexer thread.
 * docs/adr/0007-decision-journal.md says why and what it promises.
 *
 * <ul>
 *   <li>The chain is assigned here, under one lock ({@link #write}): sequence, time and hash continue the head the
 *       journal holds in memory, and the records are written with one {@code write} call before anyone answers (and
 *       forced to the device too with {@code policy.database.h2-sync-each-commit}, as H2's own commits are).</li>
 *   <li>Everything that reads the log waits for the rows first ({@link #awaitIndexed}): a query, the verification,
 *       a checkpoint or an export sees every entry answered before it started.</li>
 *   <li>A lifecycle command appends in its own transaction (its state change and its entry commit together): it
 *       takes the same lock, lets the indexer catch up, and keeps the lock until its transaction ends
 *       ({@link #beforeDirectAppend}, {@link #afterDirectAppend}).</li>
 *   <li>At start, records the database does not hold yet (the service was killed before the indexer got to them)
 *       are inserted before anything reads or appends; a torn last record, never answered, is cut off.</li>
 * </ul>
 *
 * On PostgreSQL, where several instances share one chain, the journal is off and decisions commit to the database
 * through the group commit as before.
 */
@Singleton
public class DecisionJournal {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionJournal.class);
    private static final int HEADER = 8;   // length and CRC-32C of the record
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /** The end of the chain: what the next entry continues. */
    public record ChainHead(long sequence, String hash, Instant decidedAt) {
    }

    /** An entry as the journal holds it until its rows are written: the entry and the codes of its code rows. */
    record Row(StoredEntry entry, Set<String> codes) {
    }

    private final Database database;
    private final TransactionOperations<Connection> transactions;
    private final boolean active;
    private final boolean sync;
    private final Path path;
    private final int batch;
    private final long interval;
    private final long truncateAbove;
    private final Duration timeout;

    private final ReentrantLock chain = new ReentrantLock();
    private ChainHead head;                       // guarded by chain; null: read it from the database
    private FileChannel file;                     // guarded by chain
    private final Object rows = new Object();     // guards pending and wakes the indexer and the waiters
    private final ArrayDeque<Row> pending = new ArrayDeque<>();
    private volatile long journaled;
    private volatile long indexed;
    private volatile boolean flushRequested;
    private volatile boolean stopping;
    private volatile String failure;
    private Thread indexer;

    public DecisionJournal(Database database, TransactionOperations<Connection> transactions,
                           @Value("${policy.decision-log.journal.enabled:true}") boolean enabled,
                           @Value("${policy.decision-log.journal.path:./data/decision-journal}") String path,
                           @Value("${policy.database.h2-sync-each-commit:false}") boolean sync,
                           @Value("${policy.decision-log.journal.batch:5000}") int batch,
                           @Value("${policy.decision-log.journal.interval:20ms}") Duration interval,
                           @Value("${policy.decision-log.journal.truncate-above:16777216}") long truncateAbove,
                           @Value("${policy.decision-log.group-commit.timeout:30s}") Duration timeout) {
        this.database = database;
        this.transactions = transactions;
        this.sync = sync;
        this.path = Path.of(path).toAbsolutePath();
        this.batch = batch;
        this.interval = Math.max(1, interval.toMillis());
        this.truncateAbove = truncateAbove;
        this.timeout = timeout;
        this.active = enabled && database.read(c -> c.getMetaData().getDatabaseProductName()).equals("H2");
        if (active) {
            open();
            indexer = new Thread(this::index, "decision-log-indexer");
            indexer.setDaemon(true);
            indexer.start();
        }
    }

    /** True on H2 with the journal enabled: decisions that change no state are durable once journaled. */
    public boolean active() {
        return active;
    }

    /**
     * Chains the entries after the current head ({@code chainer} gets the head and returns the rows in order),
     * writes them to the journal and returns them once written. Throws when they could not be written: then
     * nothing was appended and the decisions must not be answered.
     */
    List<Row> write(Function<ChainHead, List<Row>> chainer) {
        chain.lock();
        try {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (head == null || indexed == journaled) {
                // nothing waits for the indexer: the database's head is the chain's (and may have been restored)
                head = DecisionLog.readHead(database);
                synchronized (rows) {
                    indexed = journaled = head.sequence();
                }
            }
            List<Row> chained = chainer.apply(head);
            ByteBuffer records = encode(chained);
            long end;
            try {
                end = file.position();
            } catch (IOException e) {
                throw new UncheckedIOException("the decision journal could not be written: " + e.getMessage(), e);
            }
            try {
                while (records.hasRemaining()) {
                    file.write(records);
                }
                if (sync) {
                    file.force(false);
                }
            } catch (IOException e) {
                undo(end);
                throw new UncheckedIOException("the decision journal could not be written: " + e.getMessage(), e);
            }
            LogEntry last = chained.get(chained.size() - 1).entry().content();
            head = new ChainHead(last.sequence(), chained.get(chained.size() - 1).entry().hash(), last.decidedAt());
            synchronized (rows) {
                pending.addAll(chained);
                journaled = last.sequence();
                if (pending.size() >= batch) {
                    rows.notifyAll();
                }
            }
            return chained;
        } finally {
            chain.unlock();
        }
    }

    private void undo(long end) {
        try {
            file.truncate(end);
            file.position(end);
        } catch (IOException e) {
            failure = "the decision journal could not be cut back after a failed write (" + e.getMessage()
                    + "); restart the service to recover it";
            LOG.error(failure);
        }
    }

    /**
     * Returns once every entry journaled before the call is in the database's tables. Cheap when they are;
     * answered 503 when the indexer cannot catch up within the group-commit timeout.
     */
    public void awaitIndexed() {
        if (!active) {
            return;
        }
        long target = journaled;
        if (indexed >= target) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (rows) {
            flushRequested = true;
            rows.notifyAll();
            while (indexed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Decision log catching up",
                            "The decision log's tables did not catch up with its journal within " + timeout
                                    + ". Nothing was lost; retry the request later.");
                }
                try {
                    rows.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted",
                            "Interrupted while waiting for the decision log. Retry the request.");
                }
            }
        }
    }

    /**
     * Before a transaction appends to the log's tables itself: takes the chain and lets the indexer write what the
     * journal holds, so the transaction continues the chain where it is. Paired with {@link #afterDirectAppend}
     * (or {@link #directAppendFailed}) on the same thread.
     */
    void beforeDirectAppend() {
        if (!active) {
            return;
        }
        chain.lock();
        try {
            awaitIndexed();
        } catch (RuntimeException e) {
            chain.unlock();
            throw e;
        }
    }

    /**
     * The transaction appended up to {@code appended}: the chain is released when it ends, continuing from that
     * head if it committed.
     */
    void afterDirectAppend(ChainHead appended) {
        if (!active) {
            return;
        }
        var status = transactions.findTransactionStatus();
        if (status.isEmpty()) {
            head = appended;
            journaled = indexed = appended.sequence();
            chain.unlock();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status completed) {
                if (completed == Status.COMMITTED) {
                    head = appended;
                    synchronized (rows) {
                        journaled = indexed = appended.sequence();
                    }
                } else {
                    head = null;
                }
                chain.unlock();
            }
        });
    }

    /** The direct append failed before it could register its end: release the chain, reading the head anew. */
    void directAppendFailed() {
        if (!active) {
            return;
        }
        head = null;
        chain.unlock();
    }

    private void index() {
        while (true) {
            List<Row> next = new ArrayList<>();
            synchronized (rows) {
                if (pending.isEmpty() && stopping) {
                    return;
                }
                if (!flushRequested && pending.size() < batch) {
                    try {
                        rows.wait(interval);
                    } catch (InterruptedException e) {
                        if (!stopping) {
                            continue;
                        }
                    }
                }
                flushRequested = false;
                while (!pending.isEmpty() && next.size() < batch) {
                    next.add(pending.poll());
                }
            }
            if (next.isEmpty()) {
                truncateWhenCaughtUp();
                continue;
            }
            try {
                database.write(c -> {
                    DecisionLog.insertRows(c, next);
                    return null;
                });
                synchronized (rows) {
                    indexed = next.get(next.size() - 1).entry().content().sequence();
                    rows.notifyAll();
                }
            } catch (RuntimeException e) {
                if (stopping) {
                    LOG.warn("the service stopped before the decision log's tables took {} journaled entries (from sequence {}); "
                            + "they are in the journal {} and are inserted at the next start", next.size(),
                            next.get(0).entry().content().sequence(), path);
                    return;
                }
                LOG.error("the decision log's tables could not take {} journaled entries (from sequence {}); retrying in 1 s. "
                        + "They are safe in the journal {}", next.size(), next.get(0).entry().content().sequence(), path, e);
                synchronized (rows) {
                    for (int i = next.size() - 1; i >= 0; i--) {
                        pending.addFirst(next.get(i));
                    }
                }
                sleep(1000);
            }
        }
    }

    /** Once the tables hold everything the journal does, a journal grown past its limit starts again from empty. */
    private void truncateWhenCaughtUp() {
        if (indexed != journaled || !chain.tryLock()) {
            return;
        }
        try {
            if (indexed == journaled && file.size() > truncateAbove) {
                file.truncate(0);
                file.position(0);
                if (sync) {
                    file.force(true);
                }
            }
        } catch (IOException e) {
            LOG.warn("the decision journal could not be emptied: {}", e.getMessage());
        } finally {
            chain.unlock();
        }
    }

    /** Reads the journal, cuts off a torn tail, and inserts what the tables do not hold yet. */
    private void open() {
        try {
            Files.createDirectories(path.getParent());
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            List<Row> records = new ArrayList<>();
            long good = read(file, records);
            if (good < file.size()) {
                LOG.warn("the decision journal {} ends with {} bytes of an unfinished record (never answered); cutting them off",
                        path, file.size() - good);
                file.truncate(good);
            }
            ChainHead tables = DecisionLog.readHead(database);
            List<Row> missing = records.stream().filter(r -> r.entry().content().sequence() > tables.sequence()).toList();
            if (!missing.isEmpty()) {
                LogEntry first = missing.get(0).entry().content();
                if (first.sequence() != tables.sequence() + 1 || !first.previousHash().equals(tables.hash())) {
                    Path aside = path.resolveSibling(path.getFileName() + ".orphaned-" + System.currentTimeMillis());
                    file.close();
                    Files.move(path, aside);
                    LOG.error("the decision journal does not continue this database's log (its first missing entry is {} after {}, "
                                    + "the tables end at {}): it belongs to another database or the database was restored. "
                                    + "It is kept as {}; the service starts from the tables' head",
                            first.sequence(), first.previousHash(), tables.sequence(), aside);
                    file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } else {
                    for (int from = 0; from < missing.size(); from += batch) {
                        List<Row> part = missing.subList(from, Math.min(missing.size(), from + batch));
                        database.write(c -> {
                            DecisionLog.insertRows(c, part);
                            return null;
                        });
                    }
                    LOG.info("inserted {} journaled decision-log entries the tables did not hold yet (sequences {} to {})",
                            missing.size(), first.sequence(), missing.get(missing.size() - 1).entry().content().sequence());
                }
            }
            file.truncate(0);
            file.position(0);
            file.force(true);
            head = DecisionLog.readHead(database);
            journaled = indexed = head.sequence();
        } catch (IOException e) {
            throw new UncheckedIOException("the decision journal " + path + " could not be opened: " + e.getMessage(), e);
        }
    }

    /** Reads whole, intact records from the start; returns where the last one ends. */
    static long read(FileChannel file, List<Row> into) throws IOException {
        long position = 0;
        long size = file.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (position + HEADER <= size) {
            header.clear();
            file.read(header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length <= 0 || length > MAX_RECORD || position + HEADER + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            while (payload.hasRemaining() && file.read(payload, position + HEADER + payload.position()) > 0) {
                // read the whole payload
            }
            CRC32C check = new CRC32C();
            check.update(payload.array(), 0, length);
            if ((int) check.getValue() != crc) {
                break;
            }
            into.add(decode(ByteBuffer.wrap(payload.array())));
            position += HEADER + length;
        }
        return position;
    }

    static ByteBuffer encode(List<Row> chained) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(chained.size() * 2048);
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            ByteArrayOutputStream one = new ByteArrayOutputStream(2048);
            DataOutputStream record = new DataOutputStream(one);
            for (Row row : chained) {
                one.reset();
                write(record, row);
                record.flush();
                CRC32C crc = new CRC32C();
                crc.update(one.toByteArray(), 0, one.size());
                out.writeInt(one.size());
                out.writeInt((int) crc.getValue());
                one.writeTo(out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    private static void write(DataOutputStream out, Row row) throws IOException {
        LogEntry e = row.entry().content();
        out.writeLong(e.sequence());
        text(out, e.decisionId());
        text(out, e.kind());
        text(out, e.outcome());
        out.writeLong(e.decidedAt().getEpochSecond());
        out.writeInt(e.decidedAt().getNano());
        text(out, e.rulesVersion());
        text(out, e.partnerId());
        text(out, e.customerId());
        text(out, e.action());
        text(out, e.service());
        text(out, e.subscriptionId());
        text(out, e.actor().sub());
        text(out, e.actor().tenant());
        out.writeInt(e.actor().roles().size());
        for (String role : e.actor().roles()) {
            text(out, role);
        }
        text(out, e.input());
        text(out, e.reasons());
        text(out, e.obligations());
        text(out, e.firedRules());
        text(out, e.maskedFields());
        out.writeLong(e.durationMicros());
        text(out, e.previousHash());
        text(out, row.entry().hash());
        out.writeInt(row.codes().size());
        for (String code : row.codes()) {
            text(out, code);
        }
    }

    static Row decode(ByteBuffer in) {
        long sequence = in.getLong();
        String decisionId = text(in);
        String kind = text(in);
        String outcome = text(in);
        Instant decidedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
        String rulesVersion = text(in);
        String partnerId = text(in);
        String customerId = text(in);
        String action = text(in);
        String service = text(in);
        String subscriptionId = text(in);
        String sub = text(in);
        String tenant = text(in);
        int roleCount = in.getInt();
        List<String> roles = new ArrayList<>(roleCount);
        for (int i = 0; i < roleCount; i++) {
            roles.add(text(in));
        }
        LogEntry content = new LogEntry(sequence, decisionId, kind, outcome, decidedAt, rulesVersion, partnerId, customerId,
                action, service, subscriptionId, new LogEntry.Actor(sub, tenant, List.copyOf(roles)), text(in), text(in), text(in),
                text(in), text(in), in.getLong(), text(in));
        String hash = text(in);
        int codeCount = in.getInt();
        Set<String> codes = new TreeSet<>();
        for (int i = 0; i < codeCount; i++) {
            codes.add(text(in));
        }
        return new Row(new StoredEntry(content, hash), codes);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Entries journaled but not yet in the tables. */
    public int pending() {
        synchronized (rows) {
            return pending.size();
        }
    }

    /** Writes what the journal holds to the tables, then stops the indexer (the records are in the file anyway). */
    @PreDestroy
    void stop() throws InterruptedException {
        if (!active) {
            return;
        }
        stopping = true;
        synchronized (rows) {
            rows.notifyAll();
        }
        indexer.join(10_000);
        try {
            chain.lock();
            try {
                if (indexed == journaled) {
                    file.truncate(0);
                }
                file.close();
            } finally {
                chain.unlock();
            }
        } catch (IOException e) {
            LOG.warn("the decision journal could not be closed cleanly: {}", e.getMessage());
        }
    }
}
