package io.relationshippolicy.bench;

import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.drools.DroolsPolicyEngine;
import io.relationshippolicy.policy.fact.Partner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** Scratch: CPU time per authorization (robust to a shared machine), median of 20 rounds of 2000. */
public class CpuTimeProbe {
    public static void main(String[] args) {
        DroolsPolicyEngine engine = BenchRules.engine();
        CustomerWorld world = RealisticWorld.build();
        var c = DecisionBenchmark.Case.valueOf(args.length > 0 ? args[0] : "ADMINISTER_ALLOW");
        Partner partner = world.partner(c.partner).orElseThrow();
        CustomerWorld slice = RealisticWorld.partnerSlice(world, c.partner, c.subscription);
        var request = c.request();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            RelationshipPolicy.authorize(engine, slice, partner, request);
        }
        double[] rounds = new double[20];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 2000; i++) {
                RelationshipPolicy.authorize(engine, slice, partner, request);
            }
            rounds[r] = (mx.getCurrentThreadCpuTime() - t0) / 2000.0 / 1000.0;
        }
        Arrays.sort(rounds);
        System.out.printf("cpu us/op median %.2f min %.2f%n", rounds[10], rounds[0]);
    }
}
