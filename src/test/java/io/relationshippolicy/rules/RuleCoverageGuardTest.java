package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.RuleRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails the build when the scenarios stop exercising the rules: a rule no case fires, or a clause of the
 * article without both an allowed and a denied case.
 */
class RuleCoverageGuardTest {

    /**
     * C3 to C15 are the clauses the rules decide. C7 (the customer reviews its partners and their DAP per
     * service) describes a view, not a decision: no command of the policy turns on it, so no rule cites it.
     */
    static final List<String> DECIDED_CLAUSES = IntStream.rangeClosed(3, 15)
            .filter(n -> n != 7).mapToObj(n -> "C" + n).toList();

    private static ScenarioCoverage coverage() {
        return ScenarioCoverage.of(RulesUnderTest.compiled().engine().rules(), RulesUnderTest.report());
    }

    @Test
    void everyRuleIsFiredByAtLeastOnePassingCase() {
        List<String> unfired = coverage().unfiredRules().stream().map(r -> r.id() + " (" + r.file() + ")").toList();
        assertTrue(unfired.isEmpty(), "rules no scenario case fires: " + unfired);
    }

    @Test
    void everyDecidedClauseHasAnAllowedCase() {
        List<String> missing = coverage().clausesWithout(Outcome.ALLOW, DECIDED_CLAUSES);
        assertTrue(missing.isEmpty(), "clauses without an ALLOW case firing one of their rules: " + missing);
    }

    @Test
    void everyDecidedClauseHasADeniedCase() {
        List<String> missing = coverage().clausesWithout(Outcome.DENY, DECIDED_CLAUSES);
        assertTrue(missing.isEmpty(), "clauses without a DENY case firing one of their rules: " + missing);
    }

    @Test
    void everyRuleCitesAClauseOfTheArticle() {
        for (RuleRef rule : RulesUnderTest.compiled().engine().rules()) {
            assertTrue(rule.clause().matches("C([1-9]|1[0-5])"), rule.id() + " cites '" + rule.clause() + "'");
        }
    }

    @Test
    void everyReasonAndObligationCodeTheRulesUseIsDocumentedInTheReadme() {
        Map<String, String> folder = RulesUnderTest.folder();
        String readme = folder.getOrDefault("README.md", "");
        Pattern code = Pattern.compile("new\\s+(?:Denial|Obligation)\\(\\s*\"([A-Z0-9_]+)\"");
        Set<String> used = new TreeSet<>();
        folder.forEach((path, text) -> {
            if (path.endsWith(".drl")) {
                Matcher m = code.matcher(text);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        });
        assertTrue(used.size() >= 15, "the code pattern no longer finds the codes: " + used);
        List<String> undocumented = used.stream().filter(c -> !readme.contains("`" + c + "`")).toList();
        assertTrue(undocumented.isEmpty(), "codes missing from rules/README.md: " + undocumented);
    }

    @Test
    void theGuardNoticesARuleWithoutScenarioAndAClauseWithoutDenial() {
        // The guard itself must be able to fail: a rule and a clause no case touches.
        List<RuleRef> rules = new java.util.ArrayList<>(RulesUnderTest.compiled().engine().rules());
        rules.add(new RuleRef("XYZ-999", "An untested rule", "C99", "relationships/x/x.drl"));
        ScenarioCoverage coverage = ScenarioCoverage.of(rules, RulesUnderTest.report());
        assertEquals(List.of("XYZ-999"), coverage.unfiredRules().stream().map(RuleRef::id).toList());
        assertEquals(List.of("C99"), coverage.clausesWithout(Outcome.DENY, List.of("C8", "C99")));
    }

    @Test
    void failingCasesDoNotCount() {
        ScenarioReport.CaseResult failed = new ScenarioReport.CaseResult("f", 1, "s", false, "wanted …", Outcome.DENY, List.of("EML-002"));
        ScenarioReport report = new ScenarioReport(0, 1, List.of(), List.of(failed));
        ScenarioCoverage coverage = ScenarioCoverage.of(RulesUnderTest.compiled().engine().rules(), report);
        assertTrue(coverage.unfiredRules().stream().anyMatch(r -> r.id().equals("EML-002")));
        assertEquals(List.of("C4"), coverage.clausesWithout(Outcome.DENY, List.of("C4")));
    }
}
