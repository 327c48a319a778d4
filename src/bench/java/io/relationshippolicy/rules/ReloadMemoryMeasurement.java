package io.relationshippolicy.rules;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measurement, not part of the suite (its name does not end in Test): reloads the rules 100 times through
 * the service's own activation path, alternating two versions so that every reload compiles, checks and
 * swaps in a new version, then compares heap and metaspace after full collections with the figures before.
 *
 * <pre>./mvnw -q -o test -Dtest=ReloadMemoryMeasurement -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The figures are printed and written to target/reload-memory.txt; docs/rules-workflow.md keeps them.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReloadMemoryMeasurement implements TestPropertyProvider {

    private static final int WARM_UP = 6;
    private static final int RELOADS = 100;

    private final Path folder = RuleFolders.copyOfRealRules("rules-memory");

    @Inject
    RulesWorkflow workflow;

    @Inject
    ActiveRules rules;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", folder.toString(), "policy.rules.follow.enabled", "false");
    }

    record Snapshot(long heapUsed, long metaspaceUsed, long classesLoaded, long classesUnloaded) {
        static Snapshot take() {
            settle();
            long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                    .mapToLong(p -> p.getUsage().getUsed()).sum();
            ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
            return new Snapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), metaspace,
                    classes.getLoadedClassCount(), classes.getUnloadedClassCount());
        }

        /** Full collections, with pauses for the cleaner that releases retired versions to run in between. */
        private static void settle() {
            for (int i = 0; i < 4; i++) {
                System.gc();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void reloadingAHundredTimesDoesNotGrowHeapOrMetaspace() throws Exception {
        SortedMap<String, String> a = new TreeMap<>(RulesUnderTest.folder());
        SortedMap<String, String> b = RuleFolders.versionB();
        for (int i = 0; i < WARM_UP; i++) {
            reload(i % 2 == 0 ? b : a);
        }
        Snapshot before = Snapshot.take();
        long start = System.nanoTime();
        for (int i = 0; i < RELOADS; i++) {
            reload(i % 2 == 0 ? b : a);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Snapshot beforeCollection = new Snapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                        .mapToLong(p -> p.getUsage().getUsed()).sum(), 0, 0);
        Snapshot after = Snapshot.take();

        String report = String.format("""
                %d reloads (after %d to warm up), alternating two versions, %d s in all (%d ms per reload: compile, %d scenario cases, record, swap)
                JVM %s, %s, max heap %d MB
                                     before        after  difference
                heap used      %10.1f MB %10.1f MB %+9.1f MB
                metaspace used %10.1f MB %10.1f MB %+9.1f MB
                classes loaded %10d    %10d    %+9d    (classes unloaded meanwhile: %d)
                before the final collections: heap %.1f MB, metaspace %.1f MB
                """, RELOADS, WARM_UP, seconds, seconds * 1000 / RELOADS, RulesUnderTest.report().passed() + RulesUnderTest.report().failed(),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() >> 20,
                mb(before.heapUsed()), mb(after.heapUsed()), mb(after.heapUsed() - before.heapUsed()),
                mb(before.metaspaceUsed()), mb(after.metaspaceUsed()), mb(after.metaspaceUsed() - before.metaspaceUsed()),
                before.classesLoaded(), after.classesLoaded(), after.classesLoaded() - before.classesLoaded(),
                after.classesUnloaded() - before.classesUnloaded(),
                mb(beforeCollection.heapUsed()), mb(beforeCollection.metaspaceUsed()));
        System.out.println(report);
        Files.writeString(Path.of("target/reload-memory.txt"), report);
    }

    private void reload(Map<String, String> files) {
        RuleFolders.write(folder, files);
        RulesWorkflow.Activated activated = workflow.reloadFolder("measurement", null);
        assertEquals(true, activated.changed());
        assertEquals(activated.version(), rules.current().engine().version());
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
