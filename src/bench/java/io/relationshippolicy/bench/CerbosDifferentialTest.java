package io.relationshippolicy.bench;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DRL authorization rules, run in process as the service runs them, and the Cerbos peer policy
 * ({@code src/bench/resources/cerbos/policies}), asked over HTTP from a Cerbos PDP started on 127.0.0.1, agree:
 * on 10,000 random requests (the generator of {@link CedarDifferentialTest}) and on every request the realistic
 * world of the benchmarks allows (each of its 20 partners, each action, each service or subscription).
 * <p>
 * Agree means: the same outcome; on a DENY, the reason code Cerbos outputs is one of the DRL's reason codes
 * (Cerbos stops at the first deny rule that matches, the DRL lists every missing need); on an ALLOW, the same
 * obligations. Runs only with -Pbench and the Cerbos binary fetched: {@code bench/cerbos-differential.sh}, or
 * {@code bench/cerbos-fetch.sh && ./mvnw -o -Pbench test -Dtest=CerbosDifferentialTest}.
 */
class CerbosDifferentialTest {

    private static PolicyEngine drl;
    private static CerbosServer server;
    private static CerbosAuthorization cerbos;

    @BeforeAll
    static void engines() {
        CerbosServer.Result compiled = CerbosServer.compile();
        System.out.println("cerbos compile " + CerbosServer.POLICIES + ":\n" + compiled.output());
        assertEquals(0, compiled.exitCode(), "the Cerbos policy compiles and its own tests pass:\n" + compiled.output());
        drl = BenchRules.engine();
        server = CerbosServer.start();
        cerbos = new CerbosAuthorization(server.base());
    }

    @AfterAll
    static void close() {
        if (server != null) {
            server.close();
        }
        if (drl != null) {
            drl.close();
        }
    }

    @Test
    void drlAndCerbosAgreeOnTenThousandRandomRequests() {
        List<CerbosAuthorization.Request> requests = RandomAuthorizations.generate(20261121L, 10_000).stream()
                .map(item -> new CerbosAuthorization.Request(item.slice(), item.partner(), item.request()))
                .toList();
        Map<String, Integer> seen = compare("random", requests);
        // the random requests reach every outcome, reason and obligation the authorization rules can give
        assertTrue(seen.keySet().containsAll(Set.of(Outcome.ALLOW.name(), Outcome.DENY.name(), "NO_RELATIONSHIP",
                "NO_DELEGATED_ADMIN", "NON_CSP_PARTNER_CANNOT_TRANSACT", "NOT_TRANSACTING_PARTNER", "NOT_RESELLER_OF_RECORD",
                "SUPPORT_OBLIGATION_SURVIVES_REVOCATION", "SUPPORT_DIRECTLY", "SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), seen::toString);
    }

    @Test
    void drlAndCerbosAgreeOnEveryRequestOfTheRealisticWorld() {
        CustomerWorld world = RealisticWorld.build();
        List<CerbosAuthorization.Request> requests = new ArrayList<>();
        for (Partner partner : world.partners()) {
            for (Action action : Action.values()) {
                List<String[]> targets = new ArrayList<>(); // {service, subscription}
                switch (action.needs()) {
                    case SERVICE -> RealisticWorld.SERVICES.forEach(s -> targets.add(new String[] {s, null}));
                    case SUBSCRIPTION -> world.subscriptions().forEach(s -> targets.add(new String[] {null, s.id()}));
                    case NOTHING -> {
                        targets.add(new String[] {null, null});
                        RealisticWorld.SERVICES.forEach(s -> targets.add(new String[] {s, null}));
                    }
                }
                for (String[] target : targets) {
                    requests.add(new CerbosAuthorization.Request(RealisticWorld.partnerSlice(world, partner.id(), target[1]), partner,
                            new AuthorizationRequest(partner.id(), world.customer().id(), action, target[0], target[1])));
                }
            }
        }
        Map<String, Integer> seen = compare("realistic world", requests);
        assertTrue(seen.keySet().containsAll(Set.of(Outcome.ALLOW.name(), Outcome.DENY.name(), "NOT_RESELLER_OF_RECORD",
                "SUPPORT_DIRECTLY", "SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), seen::toString);
    }

    /** Decides every request with both engines; fails listing the first disagreements; returns the codes seen. */
    private static Map<String, Integer> compare(String name, List<CerbosAuthorization.Request> requests) {
        List<CerbosAuthorization.Answer> fromCerbos = cerbos.decide(requests);
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        int severalReasons = 0;
        for (int i = 0; i < requests.size(); i++) {
            CerbosAuthorization.Request r = requests.get(i);
            Decision decision = RelationshipPolicy.authorize(drl, r.slice(), r.partner(), r.request());
            CerbosAuthorization.Answer answer = fromCerbos.get(i);
            Set<String> reasons = new TreeSet<>(decision.reasonCodes());
            Set<String> obligations = new TreeSet<>(decision.obligationCodes());
            boolean agree = decision.outcome() == answer.outcome()
                    && (decision.outcome() == Outcome.ALLOW
                        ? obligations.equals(answer.obligations())
                        : !answer.reasons().isEmpty() && reasons.containsAll(answer.reasons()));
            if (!agree) {
                disagreements.add(r.request() + " " + r.slice() + ": DRL " + decision.outcome() + " " + reasons + " " + obligations
                        + ", Cerbos " + answer);
            }
            if (reasons.size() > 1) {
                severalReasons++;
            }
            seen.merge(decision.outcome().name(), 1, Integer::sum);
            reasons.forEach(code -> seen.merge(code, 1, Integer::sum));
            obligations.forEach(code -> seen.merge(code, 1, Integer::sum));
        }
        System.out.println("Compared " + requests.size() + " " + name + " requests, DRL in process and Cerbos over HTTP: "
                + (requests.size() - disagreements.size()) + " agree; outcomes and DRL codes seen: " + seen
                + "; DENY with several DRL reasons (Cerbos gives the first): " + severalReasons);
        assertEquals(List.of(), disagreements.stream().limit(10).toList(), disagreements.size() + " disagreements, first ones listed");
        return seen;
    }
}
