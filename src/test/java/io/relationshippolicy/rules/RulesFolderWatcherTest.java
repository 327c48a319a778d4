package io.relationshippolicy.rules;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.policy.drools.DrlCompiler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.relationshippolicy.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code policy.rules.watch=true}, saving the rules folder is enough: a change that passes its checks
 * goes live through the same path as a reload and is recorded as activated by the watcher; a broken one
 * is refused and the rules in service stay.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesFolderWatcherTest implements TestPropertyProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Path folder = RuleFolders.copyOfRealRules("rules-watched");

    @Inject
    ActiveRules rules;

    @Inject
    RulesFolderWatcher watcher;

    @Inject
    RulesWorkflow workflow;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", folder.toString(), "policy.rules.watch", "true", "policy.rules.watch-interval", "200ms");
    }

    @Test
    void aSavedChangeGoesLiveAndABrokenOneIsRefused() {
        String original = rules.current().engine().version();
        Map<String, String> broken = RuleFolders.edited(text -> text.replace("insert(new Permit());", "insert(new Permitt());"));
        RuleFolders.write(folder, broken);
        String brokenVersion = DrlCompiler.version(broken);
        eventually(PATIENCE, "the watcher to refuse the broken version", () -> brokenVersion.equals(watcher.rejectedVersion()));
        assertEquals(original, rules.current().engine().version());

        Map<String, String> versionB = RuleFolders.versionB();
        RuleFolders.write(folder, versionB);
        String expected = DrlCompiler.version(versionB);
        eventually(PATIENCE, "the watcher to activate the saved change", () -> expected.equals(rules.current().engine().version()));
        assertEquals("watcher", rules.current().activatedBy());
        RulesActivationStore.Activation latest = workflow.history().get(0);
        assertEquals(expected, latest.version());
        assertEquals("watcher", latest.activatedBy());
        assertTrue(latest.filesChanged().changed().contains("relationships/authorization/authorization.drl"), latest.toString());
    }
}
