package io.relationshippolicy.rules;

import io.relationshippolicy.system.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A validation candidate is the active files with the posted files laid over them. */
class CandidateOverlayTest {

    private final Map<String, String> active = Map.of("a/a.drl", "A", "a/a.scenarios.yaml", "SA", "b/b.drl", "B");

    @Test
    void postedFilesAddReplaceOrDeleteAndTheRestStays() {
        Map<String, String> overlay = new HashMap<>();
        overlay.put("a/a.drl", "A2");
        overlay.put("c/c.drl", "C");
        overlay.put("b/b.drl", null);
        overlay.put("a/a.scenarios.yaml", "");
        assertEquals(Map.of("a/a.drl", "A2", "c/c.drl", "C"), RulesWorkflow.overlay(active, overlay));
        assertEquals(active, RulesWorkflow.overlay(active, Map.of()));
    }

    @Test
    void onlyPathsInsideTheFolderAreAccepted() {
        for (String path : List.of("../x.drl", "/etc/x.drl", "a/../../x.drl", "a/.hidden.drl", "a\\b.drl", "a//b.drl", "")) {
            ProblemException e = assertThrows(ProblemException.class, () -> RulesWorkflow.overlay(active, Map.of(path, "x")), path);
            assertEquals(400, e.status().getCode());
        }
    }
}
