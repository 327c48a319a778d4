package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.PolicyCommand;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-set growth: the real rules plus generated copies, {@code factor} times as many rules in all. Each
 * copy lives in a package of its own, has its own ids, and applies to one synthetic customer only (an
 * extra {@code Customer( id == "C-COPY-n" )} pattern), as rules for other tenants or programmes would: they
 * sit in the network and are tested against every request, but never fire for the benchmark's customer.
 * The compile time is printed by the trial set-up ("compiled N rules in T ms").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GrowthBenchmark {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern ID = Pattern.compile("@id\\(\"([^\"]+)\"\\)");
    private static final Pattern WHEN = Pattern.compile("^(\\s*)when\\s*$", Pattern.MULTILINE);
    private static final String CUSTOMER_IMPORT = "import io.relationshippolicy.policy.fact.Customer;";

    @Param({"1", "10", "100"})
    public int factor;

    PolicyEngine engine;
    CustomerWorld world;
    CustomerWorld slice;
    Partner partner;
    AuthorizationRequest request;
    Partner advisor;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, String> files = grown(BenchRules.folder(), factor);
        long start = System.nanoTime();
        engine = BenchRules.compile(files);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("\ncompiled " + engine.rules().size() + " rules (factor " + factor + ") in " + millis + " ms");
        world = RealisticWorld.build();
        DecisionBenchmark.Case c = DecisionBenchmark.Case.ADMINISTER_ALLOW;
        partner = world.partner(c.partner).orElseThrow();
        slice = RealisticWorld.partnerSlice(world, c.partner, c.subscription);
        request = c.request();
        advisor = new Partner("P-NEW-ADVISOR", "New advisor", io.relationshippolicy.policy.Cloud.PUBLIC, io.relationshippolicy.policy.Program.NON_CSP);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Decision authorization() {
        return RelationshipPolicy.authorize(engine, slice, partner, request);
    }

    @Benchmark
    public RelationshipPolicy.AcceptanceResult acceptance() {
        return RelationshipPolicy.accept(engine, new PolicyCommand.Accept(world, advisor, null, LinkStatus.VALID, true, List.of("MICROSOFT_365", "AZURE")));
    }

    /** The rule files with {@code factor - 1} guarded copies of every DRL file added. */
    public static Map<String, String> grown(Map<String, String> folder, int factor) {
        Map<String, String> files = new TreeMap<>(folder);
        for (Map.Entry<String, String> file : folder.entrySet()) {
            if (!file.getKey().endsWith(".drl")) {
                continue;
            }
            for (int copy = 1; copy < factor; copy++) {
                files.put("copies/copy" + copy + "/" + file.getKey(), copyOf(file.getValue(), copy));
            }
        }
        return files;
    }

    static String copyOf(String drl, int copy) {
        Matcher pkg = PACKAGE.matcher(drl);
        if (!pkg.find()) {
            throw new IllegalArgumentException("a rule file without a package");
        }
        String text = pkg.replaceFirst("package copy" + copy + "." + pkg.group(1) + ";"
                + (drl.contains(CUSTOMER_IMPORT) ? "" : "\n" + CUSTOMER_IMPORT));
        text = ID.matcher(text).replaceAll(m -> Matcher.quoteReplacement("@id(\"" + m.group(1) + "-COPY" + copy + "\")"));
        return WHEN.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "when\n" + m.group(1)
                + "    Customer( id == \"C-COPY-" + copy + "\" )"));
    }
}
