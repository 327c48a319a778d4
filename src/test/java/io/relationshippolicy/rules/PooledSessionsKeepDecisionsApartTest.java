package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine reuses Drools sessions from a pool. A decision must still see only its own facts: a denial,
 * an obligation or a derived fact of one evaluation never shows up in the next one, on one thread or many.
 */
class PooledSessionsKeepDecisionsApartTest {

    private static final Customer CUSTOMER = new Customer("C-1", "Customer", Cloud.PUBLIC);
    private static final Partner PARTNER = new Partner("P-1", "Partner", Cloud.PUBLIC, Program.CSP);
    private static final CustomerWorld WORLD = new CustomerWorld(CUSTOMER, List.of(PARTNER),
            List.of(Relationship.active("P-1", "C-1")),
            List.of(new Grant("P-1", "C-1", "AZURE", true, false)), List.of());

    /** Denied with a reason: the relationship is active, so support cannot end (C12). */
    private static final AuthorizationRequest END_SUPPORT = new AuthorizationRequest("P-1", "C-1", Action.END_SUPPORT, null, null);
    /** Allowed with an obligation: DAP for AZURE, so the partner supports directly. */
    private static final AuthorizationRequest SUPPORT = new AuthorizationRequest("P-1", "C-1", Action.PROVIDE_SUPPORT, "AZURE", null);
    /** Allowed without reason or obligation. */
    private static final AuthorizationRequest ADMINISTER = new AuthorizationRequest("P-1", "C-1", Action.ADMINISTER_SERVICE, "AZURE", null);

    @Test
    void everyDecisionIsTheSameWhateverWasDecidedBeforeItAndAlongsideIt() throws Exception {
        PolicyEngine engine = RulesUnderTest.compiled().engine();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        check(engine, END_SUPPORT, Outcome.DENY, List.of("SUPPORT_OBLIGATION_SURVIVES_REVOCATION"), List.of(), wrong);
                        check(engine, SUPPORT, Outcome.ALLOW, List.of(), List.of("SUPPORT_DIRECTLY"), wrong);
                        check(engine, ADMINISTER, Outcome.ALLOW, List.of(), List.of(), wrong);
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(List.of(), run.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void check(PolicyEngine engine, AuthorizationRequest request, Outcome outcome, List<String> reasons,
                              List<String> obligations, List<String> wrong) {
        Decision decision = RelationshipPolicy.authorize(engine, WORLD, PARTNER, request);
        if (decision.outcome() != outcome || !decision.reasonCodes().equals(reasons) || !decision.obligationCodes().equals(obligations)) {
            wrong.add(request.action() + " gave " + decision.outcome() + " " + decision.reasonCodes() + " " + decision.obligationCodes());
        }
    }
}
