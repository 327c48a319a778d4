package io.relationshippolicy.decisionlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.relationshippolicy.policy.Decision;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Decision metrics for /metrics, recorded where decisions are logged: a decision counts once its
 * decision-log entry is committed, never when its transaction rolls back. Meters (Prometheus names):
 * <ul>
 *   <li>{@code policy_decisions_total{kind,outcome}}</li>
 *   <li>{@code policy_decision_codes_total{kind,type,code}}: type {@code reason} or {@code obligation}</li>
 *   <li>{@code policy_decision_duration_seconds{kind}}: facts read and rules evaluated, histogram</li>
 *   <li>{@code policy_decision_log_commit_seconds}: the commit of a transaction holding decision-log entries, histogram</li>
 *   <li>{@code policy_decision_log_batch_entries}: entries per commit, histogram</li>
 *   <li>{@code policy_rules_info{version}}: 1 for the active rules version</li>
 * </ul>
 */
@Singleton
public class DecisionMetrics {

    private static final Duration[] DECISION_BUCKETS = durations(
            5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000,
            25_000_000, 50_000_000, 100_000_000, 250_000_000, 1_000_000_000);
    private static final Duration[] COMMIT_BUCKETS = durations(
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
            100_000_000, 250_000_000, 1_000_000_000);

    private final MeterRegistry registry;
    private final TransactionOperations<Connection> transactions;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Timer commitLatency;
    private final DistributionSummary batchEntries;
    private final ThreadLocal<PendingCommit> pending = new ThreadLocal<>();

    public DecisionMetrics(MeterRegistry registry, TransactionOperations<Connection> transactions) {
        this.registry = registry;
        this.transactions = transactions;
        this.commitLatency = Timer.builder("policy.decision_log.commit")
                .description("Time to commit a transaction holding decision-log entries, or to write a batch of them to the decision journal")
                .serviceLevelObjectives(COMMIT_BUCKETS)
                .register(registry);
        this.batchEntries = DistributionSummary.builder("policy.decision_log.batch")
                .baseUnit("entries")
                .description("Decision-log entries committed (or journaled) together")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
                .register(registry);
    }

    /**
     * A decision-log entry was appended in the current transaction: it is counted when that transaction
     * commits. Outside a transaction (not the case in the service) it is counted at once.
     */
    public void appended(Decision decision, long durationMicros) {
        PendingCommit commit = pending.get();
        if (commit == null) {
            var status = transactions.findTransactionStatus();
            if (status.isEmpty()) {
                record(decision, durationMicros);
                return;
            }
            commit = new PendingCommit();
            status.get().registerSynchronization(commit);
            pending.set(commit);
        }
        commit.decisions.add(decision);
        commit.micros.add(durationMicros);
    }

    /** A batch of entries was written durably outside a transaction (the decision journal): its write time and size. */
    void logWritten(int entries, long nanos) {
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        batchEntries.record(entries);
    }

    private void record(Decision decision, long durationMicros) {
        String kind = decision.kind().name();
        counter("policy.decisions", "kind", kind, "outcome", decision.outcome().name()).increment();
        for (Decision.Reason reason : decision.reasons()) {
            counter("policy.decision.codes", "kind", kind, "type", "reason", "code", reason.code()).increment();
        }
        for (Decision.Obligation obligation : decision.obligations()) {
            counter("policy.decision.codes", "kind", kind, "type", "obligation", "code", obligation.code()).increment();
        }
        durations.computeIfAbsent(kind, k -> Timer.builder("policy.decision.duration")
                .description("Time to read a decision's facts and evaluate the rules, before logging")
                .tag("kind", k)
                .serviceLevelObjectives(DECISION_BUCKETS)
                .register(registry)).record(durationMicros, TimeUnit.MICROSECONDS);
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("|", tags);
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    /** The decisions of one transaction, counted when it commits. */
    private final class PendingCommit implements TransactionSynchronization {

        private final List<Decision> decisions = new ArrayList<>(1);
        private final List<Long> micros = new ArrayList<>(1);
        private long commitStartedNanos;

        @Override
        public void beforeCommit(boolean readOnly) {
            commitStartedNanos = System.nanoTime();
        }

        @Override
        public void afterCommit() {
            commitLatency.record(System.nanoTime() - commitStartedNanos, TimeUnit.NANOSECONDS);
            batchEntries.record(decisions.size());
            for (int i = 0; i < decisions.size(); i++) {
                record(decisions.get(i), micros.get(i));
            }
        }

        @Override
        public void afterCompletion(Status status) {
            pending.remove();
        }
    }

    private static Duration[] durations(long... nanos) {
        Duration[] result = new Duration[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            result[i] = Duration.ofNanos(nanos[i]);
        }
        return result;
    }
}
