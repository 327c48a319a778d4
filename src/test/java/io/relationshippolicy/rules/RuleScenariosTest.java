package io.relationshippolicy.rules;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Every case of every scenario file next to the real rules, each as a test of its own named after file and case. */
class RuleScenariosTest {

    @Test
    void theRealRulesCompile() {
        assertTrue(RulesUnderTest.compiled().compiles(), () -> "compilation errors: " + RulesUnderTest.compiled().errors());
    }

    @TestFactory
    List<DynamicNode> everyScenarioCase() {
        ScenarioReport report = RulesUnderTest.report();
        Map<String, List<DynamicNode>> byFile = new LinkedHashMap<>();
        for (ScenarioReport.CaseResult result : report.results()) {
            byFile.computeIfAbsent(result.file(), f -> new ArrayList<>()).add(dynamicTest(result.scenario(), () -> {
                if (!result.passed()) {
                    fail(result.file() + ":" + result.line() + " › " + result.scenario() + ": " + result.message());
                }
            }));
        }
        // A file that cannot be read has no cases to show; it still has to fail, under its own name.
        for (ScenarioReport.Failure failure : report.failures()) {
            if (failure.scenario() == null) {
                byFile.computeIfAbsent(failure.file(), f -> new ArrayList<>())
                        .add(dynamicTest("the file can be read", () -> fail(failure.toString())));
            }
        }
        List<DynamicNode> nodes = new ArrayList<>();
        byFile.forEach((file, tests) -> nodes.add(dynamicContainer(file, tests)));
        return nodes;
    }

    @Test
    void theReportCountsAgreeWithTheCases() {
        ScenarioReport report = RulesUnderTest.report();
        assertTrue(report.passed() > 0, "no scenario case ran");
        assertEquals(report.results().size() + report.failures().stream().filter(f -> f.scenario() == null).count(),
                (long) report.passed() + report.failed());
    }
}
