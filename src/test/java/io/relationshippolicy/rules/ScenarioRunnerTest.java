package io.relationshippolicy.rules;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner against the real rules, with scenario files written to fail in known ways. */
class ScenarioRunnerTest {

    private static ScenarioReport run(String yaml) {
        return ScenarioRunner.run(Map.of("relationships/x/x.scenarios.yaml", yaml), RulesUnderTest.compiled().engine());
    }

    @Test
    void aCaseThatGetsWhatItWantsPasses() {
        ScenarioReport report = run("""
                kind: EMAIL_CHECK
                given: {partners: {P1: CSP}}
                cases:
                  - name: intact
                    when: {partner: P1, linkIntact: true}
                    want: {outcome: ALLOW, fired: [EML-001]}
                """);
        assertEquals(1, report.passed());
        assertEquals(0, report.failed());
        assertTrue(report.allPassed());
    }

    @Test
    void aWrongOutcomeReasonAndFiredListAreAllReportedAsWantedAndGot() {
        ScenarioReport report = run("""
                kind: EMAIL_CHECK
                given: {partners: {P1: CSP}}
                cases:
                  - name: altered link wrongly expected to pass
                    when: {partner: P1, linkIntact: false}
                    want: {outcome: ALLOW, fired: [EML-001]}
                """);
        assertEquals(0, report.passed());
        assertEquals(1, report.failed());
        ScenarioReport.Failure failure = report.failures().get(0);
        assertEquals("relationships/x/x.scenarios.yaml", failure.file());
        assertEquals("altered link wrongly expected to pass", failure.scenario());
        assertEquals(4, failure.line());
        assertTrue(failure.message().contains("wanted outcome ALLOW, got DENY"), failure.message());
        assertTrue(failure.message().contains("wanted reasons [], got [LINK_ALTERED]"), failure.message());
        assertTrue(failure.message().contains("wanted fired rules [EML-001], got [EML-002]"), failure.message());
    }

    @Test
    void aReasonQualifiedWithTheWrongServiceFails() {
        ScenarioReport report = run("""
                kind: ACCEPTANCE
                given:
                  partners: {P1: CSP, P2: CSP}
                  relationships: {P1: {grants: {AZURE: [dap, transacting]}}}
                cases:
                  - name: right code, wrong service
                    when: {partner: P2, services: [AZURE]}
                    want:
                      outcome: DENY
                      reasons: [ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE on INTUNE]
                      denied: [AZURE]
                """);
        assertEquals(1, report.failed());
        assertTrue(report.failures().get(0).message()
                .contains("got [ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE on AZURE]"), report.failures().get(0).message());
    }

    @Test
    void grantedServicesAndGrantsLosingDapAreCompared() {
        ScenarioReport report = run("""
                given:
                  partners: {P1: CSP}
                  relationships: {P1: {grants: {AZURE: [dap, transacting]}}}
                cases:
                  - name: acceptance grants only what was asked
                    when: {kind: ACCEPTANCE, partner: P1, services: [INTUNE]}
                    want: {outcome: ALLOW, granted: [INTUNE, AZURE]}
                  - name: removal clears the grant with DAP
                    when: {kind: DAP_REMOVAL, partner: P1}
                    want:
                      outcome: ALLOW
                      loseDap: []
                      obligations: [SUPPORT_CUSTOMER, HONOR_RESELLER_AGREEMENT, SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST]
                """);
        assertEquals(2, report.failed());
        assertTrue(report.failures().get(0).message().contains("wanted granted services [AZURE, INTUNE], got [INTUNE]"),
                report.failures().get(0).message());
        assertTrue(report.failures().get(1).message().contains("wanted grants losing DAP [], got [P1/AZURE]"),
                report.failures().get(1).message());
    }

    @Test
    void anUnreadableFileIsAFailureNamingFileAndLine() {
        ScenarioReport report = run("""
                kind: EMAIL_CHECK
                cases:
                  - name: typo in want
                    when: {partner: P1, linkIntact: true}
                    want: {outcome: ALLOW, fird: [EML-001]}
                """);
        assertEquals(1, report.failed());
        ScenarioReport.Failure failure = report.failures().get(0);
        assertNull(failure.scenario());
        assertEquals(4, failure.line());
        assertTrue(failure.message().startsWith("relationships/x/x.scenarios.yaml:4"), failure.message());
    }

    @Test
    void aFolderWithoutScenarioFilesDoesNotPass() {
        ScenarioReport report = ScenarioRunner.run(Map.of("a/a.drl", "package a;"), RulesUnderTest.compiled().engine());
        assertEquals(0, report.passed());
        assertEquals(1, report.failed());
    }
}
