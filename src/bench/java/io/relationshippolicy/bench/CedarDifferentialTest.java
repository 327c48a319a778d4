package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.RelationshipPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DRL authorization rules and their Cedar translation agree on 10,000 random requests: same outcome,
 * same reason codes, same obligations. Runs only with -Pbench:
 * {@code ./mvnw -o -Pbench test -Dtest=CedarDifferentialTest}.
 */
class CedarDifferentialTest {

    private static PolicyEngine drl;
    private static CedarAuthorization cedar;

    @BeforeAll
    static void engines() {
        drl = BenchRules.engine();
        cedar = new CedarAuthorization();
    }

    @AfterAll
    static void close() {
        drl.close();
    }

    @Test
    void drlAndCedarAgreeOnTenThousandRandomRequests() {
        List<RandomAuthorizations.Item> items = RandomAuthorizations.generate(20261121L, 10_000);
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (RandomAuthorizations.Item item : items) {
            var fromDrl = CedarAuthorization.Answer.of(RelationshipPolicy.authorize(drl, item.slice(), item.partner(), item.request()));
            var fromCedar = cedar.decide(item.slice(), item.partner(), item.request());
            if (!fromDrl.equals(fromCedar)) {
                disagreements.add(item.request() + " " + item.slice() + ": DRL " + fromDrl + ", Cedar " + fromCedar);
            }
            seen.merge(fromDrl.outcome().name(), 1, Integer::sum);
            fromDrl.reasons().forEach(code -> seen.merge(code, 1, Integer::sum));
            fromDrl.obligations().forEach(code -> seen.merge(code, 1, Integer::sum));
        }
        System.out.println("Compared " + items.size() + " requests; outcomes and codes seen: " + seen);
        assertEquals(List.of(), disagreements.stream().limit(10).toList(), disagreements.size() + " disagreements, first ones listed");
        // the random requests reach every outcome, reason and obligation the authorization rules can give
        assertTrue(seen.keySet().containsAll(Set.of(Outcome.ALLOW.name(), Outcome.DENY.name(), "NO_RELATIONSHIP", "NO_DELEGATED_ADMIN",
                "NON_CSP_PARTNER_CANNOT_TRANSACT", "NOT_TRANSACTING_PARTNER", "NOT_RESELLER_OF_RECORD",
                "SUPPORT_OBLIGATION_SURVIVES_REVOCATION", "SUPPORT_DIRECTLY", "SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), seen::toString);
    }
}
