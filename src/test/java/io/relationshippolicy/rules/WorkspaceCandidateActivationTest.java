package io.relationshippolicy.rules;

import io.micronaut.http.HttpStatus;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workspace's activation: exactly the candidate that was validated goes live, through the reload gate; a
 * candidate that is not the version validated, or whose scenarios fail, never does; the rules folder is left as it is.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceCandidateActivationTest implements TestPropertyProvider {

    static final String LINK = "relationships/link/link.drl";

    private final Path folder = RuleFolders.copyOfRealRules("workspace-activation");

    @Inject
    RulesWorkflow workflow;

    @Inject
    ActiveRules rules;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", folder.toString(), "policy.rules.follow.enabled", "false");
    }

    @Test
    void onlyTheValidatedCandidateGoesLiveAndTheFolderStaysAsItWas() {
        String before = rules.current().engine().version();
        String original = rules.current().files().get(LINK);
        Map<String, String> reworded = Map.of(LINK, original.replace("the same one on every call", "identical on every call"));
        Map<String, String> denying = Map.of(LINK, original.replace("insert(new Permit());", "insert(new Denial(\"LINK_ALTERED\"));"));

        ProblemException conflict = assertThrows(ProblemException.class, () -> workflow.activateCandidate(reworded, "carl", "sha256:other"));
        assertEquals(HttpStatus.CONFLICT, conflict.status());
        assertThrows(RulesRejected.class, () -> workflow.activateCandidate(denying, "carl", null), "its scenarios fail");
        assertEquals(before, rules.current().engine().version(), "nothing went live");

        String validated = workflow.validate(reworded, 0, "carl").checked().version();
        RulesWorkflow.Activated activated = workflow.activateCandidate(reworded, "carl", validated);
        assertTrue(activated.changed());
        assertEquals(validated, rules.current().engine().version());
        assertEquals("carl", rules.current().activatedBy());
        assertEquals(List.of(LINK), activated.filesChanged().changed());
        assertEquals(validated, workflow.history().get(0).version());
        assertEquals(reworded.get(LINK), workflow.filesOf(validated).get(LINK), "the activation keeps its files");
        assertEquals(original, RuleFolder.read(folder).get(LINK), "the rules folder is the team's own copy");
    }
}
