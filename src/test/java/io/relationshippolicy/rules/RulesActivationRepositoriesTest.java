package io.relationshippolicy.rules;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.rules.RulesActivationStore.Activation;
import io.relationshippolicy.rules.RulesActivationStore.Attempt;
import io.relationshippolicy.rules.RulesActivationStore.FilesChanged;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Activations, version files and attempts through their repositories on a real database, inside the caller's transaction. */
@MicronautTest(environments = "test", transactional = false)
class RulesActivationRepositoriesTest {

    @Inject
    Database database;
    @Inject
    RulesActivationStore store;

    private static String version() {
        return "sha256:" + UUID.randomUUID();
    }

    private Activation activate(String version, Map<String, String> files, String by) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return database.write(c -> {
            store.lock();
            return store.record(version, files, at, by, FilesChanged.between(Map.of(), files));
        });
    }

    @Test
    void activationsAreNumberedInTurnAndReadBackNewestFirst() {
        String first = version();
        String second = version();
        Activation one = activate(first, Map.of("b.drl", "B", "a.drl", "A"), "compliance-user");
        Activation two = activate(second, Map.of("a.drl", "A2"), "startup");

        assertEquals(one.id() + 1, two.id());
        assertEquals(two, database.read(c -> store.latest()).orElseThrow());
        List<Activation> history = database.read(c -> store.history());
        assertEquals(List.of(two, one), history.subList(0, 2));
        assertEquals(new FilesChanged(List.of("a.drl", "b.drl"), List.of(), List.of()), history.get(1).filesChanged());
        assertEquals(new TreeMap<>(Map.of("a.drl", "A", "b.drl", "B")), database.read(c -> store.files(first)));
        assertTrue((boolean) database.read(c -> store.wasActivated(first)));
        assertFalse((boolean) database.read(c -> store.wasActivated(version())));
        assertEquals(Map.of(), database.read(c -> store.files(version())));
    }

    @Test
    void aVersionActivatedAgainKeepsItsFirstFiles() {
        String version = version();
        activate(version, Map.of("a.drl", "A"), "compliance-user");
        activate(version, Map.of("a.drl", "A"), "startup");
        assertEquals(Map.of("a.drl", "A"), database.read(c -> store.files(version)));
        assertEquals(version, database.read(c -> store.latest()).orElseThrow().version());
    }

    @Test
    void anActivationRolledBackLeavesNoTrace() {
        int before = database.read(c -> store.history()).size();
        String version = version();
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            store.lock();
            store.record(version, Map.of("a.drl", "A"), Instant.now(), "compliance-user", FilesChanged.between(Map.of(), Map.of("a.drl", "A")));
            throw new IllegalStateException("the new version failed to start");
        }));
        assertEquals(before, database.read(c -> store.history()).size());
        assertFalse((boolean) database.read(c -> store.wasActivated(version)));
        assertEquals(Map.of(), database.read(c -> store.files(version)));
    }

    @Test
    void attemptsAreNumberedByTheDatabaseAndTheNewestComeFirst() {
        String version = version();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String longReason = "x".repeat(2500);
        String longName = "y".repeat(250);
        database.write(c -> {
            store.recordAttempt(at, "compliance-user", "VALIDATE", version, "PASSED", "all scenarios passed");
            store.recordAttempt(at, longName, "RELOAD", version, "REFUSED", longReason);
            return null;
        });
        List<Attempt> newest = database.read(c -> store.attempts(2));
        assertEquals(2, newest.size());
        Attempt refused = newest.get(0);
        Attempt passed = newest.get(1);
        assertTrue(refused.id() > passed.id());
        assertEquals(new Attempt(passed.id(), at, "compliance-user", "VALIDATE", version, "PASSED", "all scenarios passed"), passed);
        assertEquals("REFUSED", refused.result());
        assertEquals(200, refused.attemptedBy().length());
        assertEquals(2000, refused.reason().length());
        assertTrue(refused.reason().endsWith("..."));
        assertEquals(1, database.read(c -> store.attempts(1)).size());
    }
}
