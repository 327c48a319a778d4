package io.relationshippolicy.decisionlog;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Someone with write access to the database changes, deletes, reorders or truncates rows directly through
 * JDBC; verification names the first sequence that can no longer be trusted.
 */
@MicronautTest(environments = "test", transactional = false)
class ChainTamperingTest {

    @Inject
    Database database;

    @Inject
    DecisionLog log;

    @Inject
    DecisionLogVerifier verifier;

    @Inject
    DecisionLogCheckpoints checkpoints;

    @Inject
    JsonMapper json;

    @BeforeEach
    void tenEntries() throws IOException {
        sql("DELETE FROM decision_log_code");
        sql("DELETE FROM decision_log");
        sql("UPDATE decision_log_head SET last_sequence = 0, last_hash = '" + EntryHashing.GENESIS + "', last_decided_at = NULL");
        Files.deleteIfExists(checkpoints.folder().resolve(DecisionLogCheckpoints.FILE));
        List<LogEntry.Draft> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(entry(i % 3 == 0 ? Outcome.DENY : Outcome.ALLOW, Map.of("request", Map.of("n", i, "action", "READ"))));
        }
        database.write(c -> log.appendAll(c, entries));
        assertTrue(verifier.verify().valid());
        assertEquals(10, verifier.verify().entriesChecked());
    }

    @Test
    void aChangedInputIsCaughtAtItsSequence() {
        sql("UPDATE decision_log SET input = REPLACE(input, '\"n\":4', '\"n\":40') WHERE sequence = 5");
        assertFirstInvalid(5);
    }

    @Test
    void aChangedOutcomeIsCaughtAtItsSequence() {
        sql("UPDATE decision_log SET outcome = 'ALLOW' WHERE sequence = 7");
        assertFirstInvalid(7);
    }

    @Test
    void aChangedHashIsCaughtWhereTheNextEntryNoLongerLinks() {
        sql("UPDATE decision_log SET hash = 'sha256:" + "ab".repeat(32) + "' WHERE sequence = 3");
        assertFirstInvalid(3);
    }

    @Test
    void equivalentButRewrittenJsonIsStillAChange() {
        sql("UPDATE decision_log SET input = REPLACE(input, '{\"request\"', '{ \"request\"') WHERE sequence = 2");
        assertFirstInvalid(2);
    }

    @Test
    void aDeletedEntryIsCaughtAtTheMissingSequence() {
        sql("DELETE FROM decision_log WHERE sequence = 4");
        DecisionLogVerifier.Verification v = assertFirstInvalid(4);
        assertTrue(v.problem().contains("missing"), v.problem());
    }

    @Test
    void reorderedEntriesAreCaughtAtTheFirstMovedSequence() {
        sql("UPDATE decision_log SET sequence = -6 WHERE sequence = 6");
        sql("UPDATE decision_log SET sequence = 6 WHERE sequence = 7");
        sql("UPDATE decision_log SET sequence = 7 WHERE sequence = -6");
        assertFirstInvalid(6);
    }

    @Test
    void aRemovedTailIsCaughtByTheHead() {
        sql("DELETE FROM decision_log WHERE sequence >= 9");
        assertFirstInvalid(9);
    }

    @Test
    void aRemovedTailWithTheHeadRewoundIsCaughtByASignedCheckpoint() {
        checkpoints.take();
        String hash8 = hashAt(8);
        sql("DELETE FROM decision_log WHERE sequence >= 9");
        sql("UPDATE decision_log_head SET last_sequence = 8, last_hash = '" + hash8 + "'");
        DecisionLogVerifier.Verification v = assertFirstInvalid(9);
        assertTrue(v.problem().contains("checkpoint"), v.problem());
        assertEquals(8, v.entriesChecked());
    }

    @Test
    void aChainRecomputedAfterAChangeIsCaughtByASignedCheckpoint() throws Exception {
        database.write(c -> log.appendAll(c, List.of(entry(Outcome.ALLOW, Map.of()))));
        checkpoints.take();
        // rewrite entry 6 and re-hash everything after it, head included: internally consistent again
        sql("UPDATE decision_log SET outcome = 'DENY' WHERE sequence = 6");
        String previous = hashAt(5);
        for (long s = 6; s <= 11; s++) {
            LogEntry e = row(s).content();
            LogEntry relinked = new LogEntry(e.sequence(), e.decisionId(), e.kind(), e.outcome(), e.decidedAt(), e.rulesVersion(),
                    e.partnerId(), e.customerId(), e.action(), e.service(), e.subscriptionId(), e.actor(), e.input(), e.reasons(),
                    e.obligations(), e.firedRules(), e.maskedFields(), e.durationMicros(), previous);
            previous = relinked.computedHash();
            sql("UPDATE decision_log SET previous_hash = '" + relinked.previousHash() + "', hash = '" + previous + "' WHERE sequence = " + s);
        }
        sql("UPDATE decision_log_head SET last_hash = '" + previous + "'");
        assertTrue(verifier.verify(List.of()).valid(), "without checkpoints a consistent rewrite cannot be told apart");
        DecisionLogVerifier.Verification v = verifier.verify();
        assertFalse(v.valid());
        assertEquals(1, (long) v.firstInvalidSequence(), "no earlier checkpoint vouches for any entry before it");
    }

    @Test
    void deletedCodeRowsAreCaughtAtTheFirstEntryThatCarriesTheCode() {
        sql("DELETE FROM decision_log_code WHERE code = 'NO_RULE_ALLOWS'");
        DecisionLogVerifier.Verification v = assertFirstInvalid(1);
        assertTrue(v.problem().contains("NO_RULE_ALLOWS") && v.problem().contains("missing"), v.problem());
    }

    @Test
    void oneDeletedCodeRowIsCaughtAtItsEntry() {
        sql("DELETE FROM decision_log_code WHERE sequence = 7");
        assertFirstInvalid(7);
    }

    @Test
    void anExtraCodeRowIsCaughtAtTheEntryItNames() {
        sql("INSERT INTO decision_log_code (code, sequence) VALUES ('NO_RULE_ALLOWS', 5)");
        DecisionLogVerifier.Verification v = assertFirstInvalid(5);
        assertTrue(v.problem().contains("does not carry"), v.problem());
    }

    @Test
    void aCodeRowPointingOutsideTheChainIsCaught() {
        sql("INSERT INTO decision_log_code (code, sequence) VALUES ('NO_RULE_ALLOWS', 99)");
        DecisionLogVerifier.Verification v = assertFirstInvalid(99);
        assertTrue(v.problem().contains("not an entry"), v.problem());
        assertEquals(10, v.entriesChecked(), "the chain itself checked");
    }

    @Test
    void aChangedReasonCodesColumnIsCaughtAtItsEntry() {
        sql("UPDATE decision_log SET reason_codes = '' WHERE sequence = 4");
        DecisionLogVerifier.Verification v = assertFirstInvalid(4);
        assertTrue(v.problem().contains("reason_codes"), v.problem());
        sql("UPDATE decision_log SET reason_codes = ',NO_RULE_ALLOWS,' WHERE sequence = 4");
        sql("UPDATE decision_log SET reason_codes = ',ANOTHER,' WHERE sequence = 8");
        assertFirstInvalid(8);
    }

    @Test
    void storedEntriesParsedBackReHashIdentically() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("int", 7);
        input.put("long", 1L << 40);
        input.put("negative", -3);
        input.put("none", null);
        input.put("flag", false);
        input.put("text", "quote \" backslash \\ tab \t newline \n control \u0001 unicode é ✓ 😀");
        input.put("list", Arrays.asList(1, null, "two", List.of(), Map.of()));
        input.put("nested", Map.of("z", 1, "a", Map.of("body", "masked inside")));
        input.put("items", List.of(Map.of("body", "first"), Map.of("other", 2)));
        StoredEntry logged = database.write(c -> log.append(c, entry(Outcome.ALLOW, input)));
        StoredEntry stored = row(logged.content().sequence());
        assertEquals(logged, stored, "the entry the append returns is the row read back");
        LogEntry content = stored.content();
        assertEquals(stored.hash(), EntryHashing.hash(content.previousHash(),
                CanonicalJson.write(content.content(text -> StoredEntry.parse(json, text)))), "an auditor re-hashes the parsed entry");
        assertEquals(stored.hash(), stored.expectedHash());
        assertEquals(CanonicalJson.write(content.content(CanonicalJson.Raw::new)), content.canonical());
        LogEntry nulls = row(1).content();
        assertEquals(CanonicalJson.write(nulls.content(CanonicalJson.Raw::new)), nulls.canonical());
        assertEquals("[\"nested.a.body\",\"items.0.body\"]", content.maskedFields());
        assertFalse(content.input().contains("masked inside"));
        assertTrue(verifier.verify().valid());
    }

    private DecisionLogVerifier.Verification assertFirstInvalid(long sequence) {
        DecisionLogVerifier.Verification v = verifier.verify();
        assertFalse(v.valid(), v.toString());
        assertEquals(sequence, (long) v.firstInvalidSequence(), v.toString());
        return v;
    }

    private LogEntry.Draft entry(Outcome outcome, Map<String, Object> input) {
        Decision decision = new Decision(DecisionKind.AUTHORIZATION, outcome,
                outcome == Outcome.DENY ? List.of(new Decision.Reason("NO_RULE_ALLOWS", null, null, null, null)) : List.of(),
                List.of(), List.of("AUTH-001"), "sha256:test");
        return LogEntry.of(decision, new Caller("partner-user", "P-1", Set.of("PARTNER"))).partnerId("P-1").customerId("C-1")
                .action("READ").service("AZURE").input(input).durationMicros(42);
    }

    private String hashAt(long sequence) {
        return row(sequence).hash();
    }

    private StoredEntry row(long sequence) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredEntry.COLUMNS + " FROM decision_log WHERE sequence = ?")) {
                ps.setLong(1, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return StoredEntry.read(rs);
                }
            }
        });
    }

    private void sql(String statement) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                return ps.executeUpdate();
            }
        });
    }
}
