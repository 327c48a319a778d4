package io.relationshippolicy.rules;

import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.RuleFileError;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compliance author who breaks a rule must be told which file and which line to look at, including for
 * the mistakes the executable model reports without a line or against Java it generated.
 */
class BrokenDrlReportsFileAndLineTest {

    private static final String FILE = "relationships/broken/broken.drl";
    private static final String HEAD = """
            package relationships.broken;
            import io.relationshippolicy.policy.fact.*;

            """;
    private static final String GOOD_RULE = """
            rule "A known partner may do it"
                @id("BRK-001") @clause("C5")
            when
                Partner( id == "P1" )
            then
                insert(new Permit());
            end
            """;

    private static CompilationResult compile(String body) {
        Map<String, String> files = new TreeMap<>();
        files.put("relationships/good/good.drl", "package relationships.good;\nimport io.relationshippolicy.policy.fact.*;\n"
                + GOOD_RULE.replace("BRK-001", "GOOD-001"));
        files.put(FILE, HEAD + body);
        // every rules version explains the service's own default-deny code in the three languages
        files.put("messages_en.properties", "NO_RULE_ALLOWS=No rule allows this request.\n");
        files.put("messages_pt_BR.properties", "NO_RULE_ALLOWS=Nenhuma regra permite esta solicitação.\n");
        files.put("messages_fr.properties", "NO_RULE_ALLOWS=Aucune règle ne permet cette demande.\n");
        return new DrlCompiler().compile(files);
    }

    private static RuleFileError onlyError(CompilationResult result) {
        assertFalse(result.compiles());
        assertNull(result.engine());
        assertEquals(1, result.errors().size(), () -> "errors: " + result.errors());
        return result.errors().get(0);
    }

    @Test
    void aMisspeltFieldIsPlacedOnItsPattern() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace("Partner( id ==", "Partner( idd ==")));
        assertEquals(FILE, error.file());
        assertEquals(7, error.line());
        assertTrue(error.message().contains("idd"), error.message());
    }

    @Test
    void anUnknownFactTypeIsPlacedOnItsPattern() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace("Partner(", "Partnr(")));
        assertEquals(FILE, error.file());
        assertEquals(7, error.line());
        assertTrue(error.message().contains("Partnr"), error.message());
    }

    @Test
    void aSyntaxErrorKeepsTheParsersLineAndDropsItsEcho() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace("Partner( id == \"P1\" )", "Partner( id == \"P1\" ")));
        assertEquals(FILE, error.file());
        assertEquals(8, error.line(), error.message());
    }

    @Test
    void anUnknownTypeInAConsequenceIsPlacedInTheDrlFileNotInGeneratedJava() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace("new Permit()", "new Permitt()")));
        assertEquals(FILE, error.file());
        assertEquals(9, error.line());
        assertTrue(error.message().contains("Permitt"), error.message());
    }

    @Test
    void aRuleWithoutIdIsRefusedWithFileAndLine() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace("@id(\"BRK-001\") ", "")));
        assertEquals(FILE, error.file());
        assertEquals(4, error.line());
        assertTrue(error.message().contains("has no @id"), error.message());
    }

    @Test
    void aRuleWithoutClauseIsRefusedWithFileAndLine() {
        RuleFileError error = onlyError(compile(GOOD_RULE.replace(" @clause(\"C5\")", "")));
        assertEquals(FILE, error.file());
        assertEquals(4, error.line());
        assertTrue(error.message().contains("has no @clause"), error.message());
    }

    @Test
    void twoRulesWithOneIdAreRefused() {
        CompilationResult result = compile(GOOD_RULE + "\n" + GOOD_RULE.replace("may do it", "may do it again"));
        RuleFileError error = onlyError(result);
        assertTrue(error.message().contains("BRK-001 is used twice"), error.message());
    }

    @Test
    void theRealRulesCarryAnIdAndAClauseOnEveryRule() {
        assertTrue(RulesUnderTest.compiled().compiles(), () -> "errors: " + RulesUnderTest.compiled().errors());
        RulesUnderTest.compiled().engine().rules().forEach(rule -> {
            assertTrue(rule.id().matches("(LNK|EML|ACC|REM|REN|AUT)-\\d{3}"), "id of " + rule);
            assertTrue(rule.clause().matches("C([1-9]|1[0-5])"), "clause of " + rule);
            assertFalse(rule.file().isEmpty(), "file of " + rule);
        });
    }
}
