package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time (not wall time) per in-process authorization, for a machine shared with other work where JMH's
 * wall-clock figures are inflated by waiting for a core: after 100,000 warm-up decisions, 20 rounds of
 * 2,000 decisions each, thread CPU time per decision; prints the median and the best round.
 * {@code java -cp ... io.relationshippolicy.bench.AuthorizationCpuTime [CASE]} (a {@link DecisionBenchmark.Case} name).
 */
public final class AuthorizationCpuTime {

    private AuthorizationCpuTime() {
    }

    public static void main(String[] args) {
        DecisionBenchmark.Case c = DecisionBenchmark.Case.valueOf(args.length > 0 ? args[0] : "ADMINISTER_ALLOW");
        try (PolicyEngine engine = BenchRules.engine()) {
            CustomerWorld world = RealisticWorld.build();
            Partner partner = world.partner(c.partner).orElseThrow();
            CustomerWorld slice = RealisticWorld.partnerSlice(world, c.partner, c.subscription);
            AuthorizationRequest request = c.request();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 100_000; i++) {
                RelationshipPolicy.authorize(engine, slice, partner, request);
            }
            double[] rounds = new double[20];
            for (int r = 0; r < rounds.length; r++) {
                long before = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 2000; i++) {
                    RelationshipPolicy.authorize(engine, slice, partner, request);
                }
                rounds[r] = (threads.getCurrentThreadCpuTime() - before) / 2000.0 / 1000.0;
            }
            Arrays.sort(rounds);
            System.out.printf("%s: CPU time per decision, median of 20 rounds %.2f us, best round %.2f us%n", c, rounds[10], rounds[0]);
        }
    }
}
