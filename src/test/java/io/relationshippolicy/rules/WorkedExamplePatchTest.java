package io.relationshippolicy.rules;

import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked example of docs/rules-workflow.md is a patch: it must still fit the rules, and only what it says changes. */
class WorkedExamplePatchTest {

    @Test
    void theC13ExampleChangesTheFilesTheDocumentationNamesAndNothingElse() {
        Map<String, String> overlay = RuleFolders.c13Overlay();
        assertEquals(List.of("messages_en.properties", "messages_fr.properties", "messages_pt_BR.properties",
                "relationships/authorization/authorization.drl", "relationships/authorization/authorization.scenarios.yaml"),
                List.copyOf(new TreeMap<>(overlay).keySet()));
        String drl = overlay.get("relationships/authorization/authorization.drl");
        assertTrue(drl.contains("@id(\"AUT-018\")") && !drl.contains("@id(\"AUT-014\")"), drl);
        overlay.forEach((path, text) -> assertTrue(text.endsWith("\n"), path));
        for (String lang : List.of("en", "fr", "pt_BR")) {
            String before = RulesUnderTest.folder().get("messages_" + lang + ".properties");
            String after = overlay.get("messages_" + lang + ".properties");
            assertTrue(after.startsWith(before) && after.substring(before.length()).startsWith("RELATIONSHIP_NOT_REESTABLISHED="), lang);
        }
    }

    @Test
    void theExampleGivesTheCountsAndLinesTheDocumentationShows() {
        // docs/rules-workflow.md, "Worked example": 45 rules, 79 cases; without the scenario file, 77 pass and
        // the two support cases fail at lines 231 and 238.
        CompilationResult whole = new DrlCompiler().compile(RuleFolders.c13LaterReading());
        assertTrue(whole.compiles(), whole.errors().toString());
        assertEquals(45, whole.engine().rules().size());
        ScenarioReport passing = ScenarioRunner.run(RuleFolders.c13LaterReading(), whole.engine());
        assertEquals(List.of(79, 0), List.of(passing.passed(), passing.failed()), passing.failures().toString());

        String scenarios = "relationships/authorization/authorization.scenarios.yaml";
        Map<String, String> halfDone = new HashMap<>(RuleFolders.c13LaterReading());
        halfDone.put(scenarios, RulesUnderTest.folder().get(scenarios));
        CompilationResult half = new DrlCompiler().compile(halfDone);
        ScenarioReport failing = ScenarioRunner.run(halfDone, half.engine());
        assertEquals(77, failing.passed());
        assertEquals(List.of(231, 238), failing.failures().stream().map(ScenarioReport.Failure::line).toList());
        assertTrue(failing.failures().get(0).message().startsWith("wanted outcome ALLOW, got DENY; wanted reasons [], got "
                + "[RELATIONSHIP_NOT_REESTABLISHED on DYNAMICS_365]; "), failing.failures().get(0).message());
    }

    @Test
    void aPatchThatNoLongerFitsTheRulesIsRefusedWithWhere() {
        String patch = """
                --- a/x.drl
                +++ b/x.drl
                @@ -2,2 +2,2 @@
                 two
                -three
                +THREE
                """;
        assertEquals(Map.of("x.drl", "one\ntwo\nTHREE\n"), UnifiedPatch.apply(patch, Map.of("x.drl", "one\ntwo\nthree\n")));
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> UnifiedPatch.apply(patch, Map.of("x.drl", "one\n2\nthree\n")));
        assertTrue(stale.getMessage().contains("x.drl at line 2"), stale.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UnifiedPatch.apply(patch, Map.of()));
    }
}
