package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.fact.Grant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioFileTest {

    private static final String FILE = "relationships/a/a.scenarios.yaml";

    @Test
    void aCaseKeepsTheFileWideGivenItDoesNotReplaceAndFillsInTheDefaults() {
        ScenarioFile file = ScenarioFile.parse(FILE, """
                kind: ACCEPTANCE
                given:
                  partners: {P1: CSP, P2: {program: NON_CSP, cloud: GERMANY}}
                  relationships: {P1: {grants: {AZURE: [dap, transacting], INTUNE: []}, consents: [CUSTOMER]}}
                cases:
                  - name: uses the file's world
                    note: a note
                    when: {partner: P2, services: [AZURE]}
                    want: {outcome: DENY, reasons: [CLOUD_MISMATCH]}
                  - name: replaces the relationships only
                    given:
                      relationships: {}
                      customer: {id: CG, cloud: GERMANY}
                    when: {partner: P2, services: [AZURE], linkStatus: RETIRED_SECRET, actorIsCustomerAdmin: false}
                    want: {outcome: DENY}
                """);
        Scenario first = file.scenarios().get(0);
        assertEquals("C1", first.given().customer().id());
        assertEquals(Cloud.PUBLIC, first.given().customer().cloud());
        assertEquals(Program.NON_CSP, first.given().partner("P2").program());
        assertEquals(Cloud.GERMANY, first.given().partner("P2").cloud());
        assertEquals(List.of(new Grant("P1", "C1", "AZURE", true, true), new Grant("P1", "C1", "INTUNE", false, false)),
                first.given().grants());
        assertTrue(first.given().relationships().get(0).customerConsentsToTerminate());
        assertEquals(RelationshipState.ACTIVE, first.given().relationships().get(0).state());
        assertEquals(DecisionKind.ACCEPTANCE, first.when().kind());
        assertEquals(LinkStatus.VALID, first.when().linkStatus());
        assertTrue(first.when().actorIsCustomerAdmin());
        assertNull(first.want().fired(), "fired is only checked when a case states it");
        assertEquals(6, first.line());

        Scenario second = file.scenarios().get(1);
        assertTrue(second.given().relationships().isEmpty());
        assertEquals(2, second.given().partners().size(), "partners come from the file");
        assertEquals("CG", second.given().customer().id());
        assertFalse(second.when().actorIsCustomerAdmin());
        assertEquals(LinkStatus.RETIRED_SECRET, second.when().linkStatus());
    }

    @Test
    void onlyPartnersWithARelationshipBelongToTheCustomersWorld() {
        ScenarioFile file = ScenarioFile.parse(FILE, """
                given:
                  partners: {P1: CSP, P2: CSP}
                  relationships: {P1: {}}
                cases:
                  - name: x
                    when: {kind: LINK_ISSUED, partner: P2}
                    want: {outcome: ALLOW}
                """);
        assertEquals(List.of("P1"), file.scenarios().get(0).given().world().partners().stream().map(p -> p.id()).toList());
    }

    @Test
    void expectedReasonsReadCodePartnerAndService() {
        assertEquals(new Scenario.Expected("SUPPORT_CUSTOMER", "P1", null), Scenario.Expected.parse("SUPPORT_CUSTOMER for P1"));
        assertEquals(new Scenario.Expected("X", "P1", "AZURE"), Scenario.Expected.parse("X for P1 on AZURE"));
        assertEquals(new Scenario.Expected("X", null, "AZURE"), Scenario.Expected.parse("X on AZURE"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.Expected.parse("X at AZURE"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.Expected.parse("X for"));
    }

    @Test
    void brokenYamlNamesTheLine() {
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFile.parse(FILE, """
                kind: EMAIL_CHECK
                cases:
                  - name: a
                    when: {partner: P1, linkIntact: true
                    want: {outcome: ALLOW}
                """));
        assertEquals(FILE, e.file());
        assertTrue(e.line() >= 4, "line " + e.line());
        assertTrue(e.getMessage().startsWith(FILE + ":"), e.getMessage());
    }

    @Test
    void misspeltOrMisplacedKeysAreRefusedWithTheirLine() {
        assertLine(5, """
                kind: EMAIL_CHECK
                given: {partners: {P1: CSP}}
                cases:
                  - name: a
                    when: {partner: P1, linkIntact: true, services: [AZURE]}
                    want: {outcome: ALLOW}
                """, "means nothing for EMAIL_CHECK");
        assertLine(6, """
                kind: RENEGOTIATION
                given: {partners: {P1: CSP}}
                cases:
                  - name: a
                    when: {partner: P1, side: PARTNER}
                    want: {outcome: ALLOW, granted: [AZURE]}
                """, "unknown key 'granted'");
        assertLine(3, """
                given:
                  partners: {P1: CSP}
                  relationships: {P9: {}}
                cases:
                  - name: a
                    when: {kind: LINK_ISSUED, partner: P1}
                    want: {outcome: ALLOW}
                """, "P9");
        assertLine(5, """
                kind: LINK_ISSUED
                given: {partners: {P1: CSP}}
                cases:
                  - name: a
                    when: {partner: P7}
                    want: {outcome: ALLOW}
                """, "partner 'P7' is not among the partners");
        assertLine(3, """
                given:
                  partners: {P1: CSP}
                  relationships: {P1: {grants: {AZURE: [admin]}}}
                cases:
                  - name: a
                    when: {kind: LINK_ISSUED, partner: P1}
                    want: {outcome: ALLOW}
                """, "unknown grant flag 'admin'");
    }

    @Test
    void casesNeedAKindAWantAndUniqueNames() {
        assertLine(3, """
                cases:
                  - name: a
                    when: {partner: P1}
                    want: {outcome: ALLOW}
                """, "no kind");
        assertLine(3, """
                kind: LINK_ISSUED
                cases:
                  - name: a
                    when: {}
                """, "has no 'want'");
        assertLine(6, """
                kind: LINK_ISSUED
                given: {partners: {P1: CSP}}
                cases:
                  - {name: a, when: {partner: P1}, want: {outcome: ALLOW}}
                  - {name: b, when: {partner: P1}, want: {outcome: ALLOW}}
                  - {name: a, when: {partner: P1}, want: {outcome: DENY}}
                """, "two cases are named 'a'");
        assertLine(0, "", "empty");
    }

    private static void assertLine(int line, String yaml, String messagePart) {
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFile.parse(FILE, yaml));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
    }
}
