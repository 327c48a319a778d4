package io.relationshippolicy.rules;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder named on purpose (POLICY_RULES_PATH) serves or stops the start-up with the reason; only when the
 * variable is unset does a missing or broken ./rules give way to the copy packaged with the service.
 */
class RulesFolderConfigurationFailsFastTest {

    private static ActiveRules start(String explicit, String fallback) {
        return new ActiveRules(explicit, fallback, 10_000, Duration.ofSeconds(2));
    }

    @Test
    void anExplicitFolderThatDoesNotExistStopsTheStartUp() {
        ActiveRules rules = start("/nonexistent/rules-" + System.nanoTime(), "./rules");
        ActiveRules.RulesFolderRefused refused = assertThrows(ActiveRules.RulesFolderRefused.class, rules::current);
        assertTrue(refused.getMessage().contains("POLICY_RULES_PATH") && refused.getMessage().contains("not a folder"),
                refused.getMessage());
        assertEquals(0, refused.getStackTrace().length);
    }

    @Test
    void anExplicitFolderThatFailsItsGatesStopsTheStartUpNamingFileAndLine() {
        Path folder = RuleFolders.copyOfRealRules("rules-explicit-broken");
        RuleFolders.put(folder, Map.of("relationships/removal/removal.drl",
                RulesUnderTest.folder().get("relationships/removal/removal.drl").replace("insert(new Permit());",
                        "System.exit(9);")));
        ActiveRules.RulesFolderRefused refused = assertThrows(ActiveRules.RulesFolderRefused.class,
                start(folder.toString(), "./rules")::current);
        assertTrue(refused.getMessage().contains("relationships/removal/removal.drl:"), refused.getMessage());
    }

    @Test
    void withoutTheVariableABrokenDefaultFolderGivesWayToThePackagedCopy() throws Exception {
        Path folder = Files.createTempDirectory("rules-default-broken");
        RuleFolders.put(folder, Map.of("relationships/x/x.drl", "package relationships.x;\nrule \"broken\" when then end\n"));
        ActiveRules.Active active = start("", folder.toString()).current();
        assertEquals("classpath:rules", active.source());
        ActiveRules.Active absent = start("", "/nonexistent/rules-" + System.nanoTime()).current();
        assertEquals("classpath:rules", absent.source());
    }

    @Test
    void anExplicitFolderThatPassesServes() {
        Path folder = RuleFolders.copyOfRealRules("rules-explicit-good");
        ActiveRules.Active active = start(folder.toString(), "./rules").current();
        assertEquals(folder.toAbsolutePath().normalize().toString(), active.source());
    }
}
