package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.RelationshipPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same authorization requests decided by the DRL rules and by their Cedar translation, in one run.
 * 1,024 random requests (the differential test's generator) are cycled through so neither engine sees one
 * request only. {@code cedar} includes turning the facts into a Cedar request; {@code cedarPrepared} only
 * the call into cedar-java (JSON over JNI into Cedar's Rust evaluator).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CedarComparisonBenchmark {

    private static final int MASK = 1023;

    PolicyEngine drl;
    CedarAuthorization cedar;
    List<RandomAuthorizations.Item> items;
    CedarAuthorization.Prepared[] prepared;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        drl = BenchRules.engine();
        cedar = new CedarAuthorization();
        items = RandomAuthorizations.generate(42L, MASK + 1);
        prepared = items.stream().map(i -> CedarAuthorization.prepare(i.slice(), i.partner(), i.request()))
                .toArray(CedarAuthorization.Prepared[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        drl.close();
    }

    @Benchmark
    public Decision drl() {
        RandomAuthorizations.Item item = items.get(next++ & MASK);
        return RelationshipPolicy.authorize(drl, item.slice(), item.partner(), item.request());
    }

    @Benchmark
    public CedarAuthorization.Answer cedar() {
        RandomAuthorizations.Item item = items.get(next++ & MASK);
        return cedar.decide(item.slice(), item.partner(), item.request());
    }

    @Benchmark
    public CedarAuthorization.Answer cedarPrepared() {
        return cedar.decide(prepared[next++ & MASK]);
    }
}
