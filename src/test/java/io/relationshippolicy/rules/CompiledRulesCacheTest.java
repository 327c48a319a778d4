package io.relationshippolicy.rules;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.EvaluationBudget;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.drools.CompiledRulesCache;
import io.relationshippolicy.policy.drools.DrlCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart with unchanged rules loads the version compiled before instead of compiling it, decides exactly
 * as a fresh compile does, and never loads a file it did not write itself: a tampered or foreign entry is
 * refused (and logged) and the rules compile anew; a changed rule is a new version and compiles.
 * Observed through the cache's counters and the service log, never through timing.
 */
class CompiledRulesCacheTest {

    @TempDir
    Path data;
    @TempDir
    Path otherInstallation;

    private final Logger logger = (Logger) LoggerFactory.getLogger(CompiledRulesCache.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureTheServiceLog() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private ActiveRules start() {
        ActiveRules rules = new ActiveRules(RulesUnderTest.path().toString(), "", 10_000, Duration.ofSeconds(2),
                data.toString(), true);
        rules.current();
        return rules;
    }

    private static CompiledRulesCache cacheOf(ActiveRules rules) {
        return ((DrlCompiler) rules.compiler()).cache().orElseThrow();
    }

    private static CompiledRulesCache cacheOf(DrlCompiler compiler) {
        return compiler.cache().orElseThrow();
    }

    private List<Path> entries(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("compiled-rules"))) {
            return files.filter(p -> p.toString().endsWith(".kjar")).toList();
        }
    }

    private List<String> refusals() {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("refused")).toList();
    }

    @Test
    void aRestartLoadsTheCompiledVersionAndDecidesTheSameRefusesWhatItDidNotWriteAndCompilesAChange() throws IOException {
        Map<String, String> files = RulesUnderTest.folder();

        // first start: nothing cached, the rules compile and are stored
        ActiveRules first = start();
        assertEquals(0, cacheOf(first).hits());
        assertEquals(1, cacheOf(first).misses());
        assertEquals(1, entries(data).size());

        // second start on the same data folder: loaded, not compiled
        ActiveRules second = start();
        assertEquals(1, cacheOf(second).hits(), "the restart loads the cached version");
        assertEquals(0, cacheOf(second).misses());
        assertEquals(first.engine().version(), second.engine().version());
        assertEquals(first.engine().rules(), second.engine().rules());

        // ... and decides exactly as a fresh compile on every scenario case
        ScenarioReport fresh = ScenarioRunner.run(files, first.engine());
        ScenarioReport cached = ScenarioRunner.run(files, second.engine());
        assertTrue(cached.allPassed(), () -> cached.failures().toString());
        assertTrue(cached.results().size() > 10);
        assertEquals(fresh.results(), cached.results(), "same outcome and same fired rules, case by case");
        assertTrue(refusals().isEmpty());

        // a file dropped into another installation's data folder (its own key) is refused there and compiled anew
        DrlCompiler other = new DrlCompiler(EvaluationBudget.DEFAULT, CompiledRulesCache.in(otherInstallation).orElseThrow());
        Path dropped = otherInstallation.resolve("compiled-rules").resolve(entries(data).get(0).getFileName());
        Files.copy(entries(data).get(0), dropped);
        CompilationResult foreign = other.compile(files);
        assertTrue(foreign.compiles());
        assertEquals(1, cacheOf(other).refused(), "an entry this installation did not write is never loaded");
        assertEquals(0, cacheOf(other).hits());
        assertEquals(1, refusals().size());
        assertTrue(refusals().get(0).contains("authentication code does not match"), refusals().get(0));

        // a tampered entry (one byte changed) is refused, logged, compiled anew and replaced by an authentic one
        Path entry = entries(data).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(entry, bytes);
        ActiveRules afterTampering = start();
        assertEquals(1, cacheOf(afterTampering).refused());
        assertEquals(0, cacheOf(afterTampering).hits());
        assertEquals(2, refusals().size());
        assertTrue(refusals().get(1).contains("authentication code does not match"), refusals().get(1));
        ScenarioReport recompiled = ScenarioRunner.run(files, afterTampering.engine());
        assertEquals(fresh.results(), recompiled.results());
        ActiveRules again = start();
        assertEquals(1, cacheOf(again).hits(), "the rewritten entry is authentic");

        // a changed rule is another version: compiled, stored beside the first
        SortedMap<String, String> changed = new TreeMap<>(files);
        String drl = changed.keySet().stream().filter(p -> p.endsWith(".drl")).findFirst().orElseThrow();
        changed.put(drl, changed.get(drl) + "\n// a comment is a change: another version\n");
        DrlCompiler compiler = (DrlCompiler) again.compiler();
        CompilationResult next = compiler.compile(changed);
        assertTrue(next.compiles(), () -> next.errors().toString());
        assertNotEquals(first.engine().version(), next.engine().version());
        assertEquals(PolicyCompiler.version(changed), next.engine().version());
        assertEquals(1, cacheOf(compiler).misses(), "the changed version was not in the cache");
        assertEquals(2, entries(data).size());
    }

    @Test
    void withoutTheCacheEveryStartCompiles() {
        ActiveRules rules = new ActiveRules(RulesUnderTest.path().toString(), "", 10_000, Duration.ofSeconds(2),
                data.toString(), false);
        rules.current();
        assertTrue(((DrlCompiler) rules.compiler()).cache().isEmpty());
        assertTrue(Files.notExists(data.resolve("compiled-rules")));
    }
}
