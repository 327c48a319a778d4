package io.relationshippolicy.system;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency keys through their repository on a real database. The repository takes part in the transaction
 * {@link Database} opened, so a key and the decision it answers commit or roll back together.
 */
@MicronautTest(environments = "test", transactional = false)
class IdempotencyKeyRepositoryTest {

    @Inject
    Database database;
    @Inject
    IdempotencyKeyRepository keys;

    private static IdempotencyKeyRow.Key key() {
        return new IdempotencyKeyRow.Key("operator-1", "", UUID.randomUUID().toString());
    }

    private static IdempotencyKeyRow claimed(IdempotencyKeyRow.Key key, Instant at) {
        return IdempotencyKeyRow.claimed(key, "sha256:abc", at);
    }

    @Test
    void aKeyIsClaimedThenGivenTheResultItsAnswersAreRenderedFrom() {
        IdempotencyKeyRow.Key key = key();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        database.write(c -> {
            keys.save(claimed(key, at));
            return keys.update(key, "{\"ok\":true}", "pt-BR");
        });
        IdempotencyKeyRow row = database.read(c -> keys.findById(key)).orElseThrow();
        assertEquals(new IdempotencyKeyRow(key, "sha256:abc", "{\"ok\":true}", "pt-BR", null, null, at), row);
        assertFalse(row.keptRendered(), "a row of this version keeps a result, not a rendered answer");
    }

    @Test
    void aKeyClaimedTwiceMeetsThePrimaryKey() {
        IdempotencyKeyRow.Key key = key();
        database.write(c -> keys.save(claimed(key, Instant.now())));
        RuntimeException taken = assertThrows(RuntimeException.class, () -> database.write(c -> keys.save(claimed(key, Instant.now()))));
        assertTrue(Database.uniqueViolation(taken), "a unique violation, as Idempotency expects: " + taken);
    }

    @Test
    void aKeyWrittenInATransactionThatRollsBackIsGone() {
        IdempotencyKeyRow.Key key = key();
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            keys.save(claimed(key, Instant.now()));
            assertTrue(keys.findById(key).isPresent(), "the transaction sees its own write");
            throw new IllegalStateException("the decision failed");
        }));
        assertEquals(Optional.empty(), database.read(c -> keys.findById(key)));
    }

    @Test
    void thePurgeForgetsOnlyKeysOlderThanTheCutoff() {
        IdempotencyKeyRow.Key old = key();
        IdempotencyKeyRow.Key recent = key();
        Instant now = Instant.now();
        database.write(c -> {
            keys.save(claimed(old, now.minus(2, ChronoUnit.DAYS)));
            keys.save(claimed(recent, now));
            return null;
        });
        assertTrue(database.write(c -> keys.deleteByCreatedAtLessThan(now.minus(1, ChronoUnit.DAYS))) >= 1);
        assertEquals(Optional.empty(), database.read(c -> keys.findById(old)));
        assertTrue(database.read(c -> keys.findById(recent)).isPresent());
    }
}
