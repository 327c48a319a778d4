package io.relationshippolicy.rules;

import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.policy.ErrorMessages;
import io.relationshippolicy.policy.PolicyCommand;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.RelationshipPolicy.AcceptanceResult;
import io.relationshippolicy.policy.RelationshipPolicy.Decided;
import io.relationshippolicy.policy.RelationshipPolicy.DeniedService;
import io.relationshippolicy.policy.RelationshipPolicy.RemovalResult;
import io.relationshippolicy.policy.RelationshipPolicy.RenegotiationResult;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every case of every {@code *.scenarios.yaml} file of a rules folder against one compiled version of
 * the rules, calling {@link RelationshipPolicy} exactly as the service does, and compares what came out
 * with what the case wants. Pure Java, so the service can run it before it activates a new rules version.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /** {@code folder}: relative path to text, as {@link RuleFolder} reads it; files other than scenario files are ignored. */
    public static ScenarioReport run(Map<String, String> folder, PolicyEngine engine) {
        List<ScenarioReport.Failure> failures = new ArrayList<>();
        List<ScenarioReport.CaseResult> results = new ArrayList<>();
        List<String> paths = folder.keySet().stream().filter(ScenarioFile::isScenarioFile).sorted().toList();
        if (paths.isEmpty()) {
            failures.add(new ScenarioReport.Failure("", 0, null,
                    "the rules folder holds no " + ScenarioFile.SUFFIX + " file: rules without scenarios cannot be checked"));
        }
        for (String path : paths) {
            ScenarioFile file;
            try {
                file = ScenarioFile.parse(path, folder.get(path));
            } catch (ScenarioFileException e) {
                failures.add(new ScenarioReport.Failure(path, e.line(), null, e.getMessage()));
                continue;
            }
            for (Scenario scenario : file.scenarios()) {
                ScenarioReport.CaseResult result = run(scenario, engine);
                results.add(result);
                if (!result.passed()) {
                    failures.add(new ScenarioReport.Failure(path, scenario.line(), scenario.name(), result.message()));
                }
            }
        }
        int passed = (int) results.stream().filter(ScenarioReport.CaseResult::passed).count();
        return new ScenarioReport(passed, failures.size(), failures, results);
    }

    public static ScenarioReport.CaseResult run(Scenario scenario, PolicyEngine engine) {
        Mismatches mismatches = new Mismatches();
        Decision decision;
        try {
            decision = decide(scenario, engine, mismatches);
        } catch (EvaluationOverBudget e) {
            return new ScenarioReport.CaseResult(scenario.file(), scenario.line(), scenario.name(), false,
                    "refused: " + e.getMessage(), null, List.of());
        } catch (RuntimeException e) {
            return new ScenarioReport.CaseResult(scenario.file(), scenario.line(), scenario.name(), false,
                    "the evaluation failed: " + ErrorMessages.clean(e.getMessage()), null, List.of());
        }
        Scenario.Want want = scenario.want();
        mismatches.compare("outcome", want.outcome(), decision.outcome());
        mismatches.expected("reasons", want.reasons(),
                decision.reasons().stream().map(r -> new Actual(r.code(), r.partnerId(), r.service())).toList());
        mismatches.expected("obligations", want.obligations(),
                decision.obligations().stream().map(o -> new Actual(o.code(), o.partnerId(), o.service())).toList());
        if (want.fired() != null) {
            mismatches.sameSet("fired rules", want.fired(), decision.firedRules());
        }
        return new ScenarioReport.CaseResult(scenario.file(), scenario.line(), scenario.name(), mismatches.none(),
                mismatches.toString(), decision.outcome(), decision.firedRules());
    }

    private static Decision decide(Scenario scenario, PolicyEngine engine, Mismatches mismatches) {
        Scenario.Want want = scenario.want();
        PolicyCommand command = command(scenario);
        Decided result = RelationshipPolicy.decide(engine, command);
        if (result instanceof AcceptanceResult accepted) {
            if (want.granted() != null) {
                mismatches.sameSet("granted services", want.granted(), accepted.grantedServices());
            }
            if (want.denied() != null) {
                mismatches.sameSet("denied services", want.denied(),
                        accepted.deniedServices().stream().map(DeniedService::service).toList());
            }
        } else if (result instanceof RemovalResult removed && want.loseDap() != null) {
            mismatches.sameSet("grants losing DAP", want.loseDap(),
                    removed.changedGrants().stream().map(g -> g.partnerId() + "/" + g.service()).toList());
        } else if (result instanceof RenegotiationResult renegotiated) {
            if (want.state() != null) {
                mismatches.compare("state", want.state(), renegotiated.state());
            }
            if (want.consents() != null) {
                String partnerId = ((PolicyCommand.Renegotiate) command).partnerId();
                CustomerWorld world = ((PolicyCommand.Renegotiate) command).world();
                Optional<Relationship> after = renegotiated.relationship().or(() -> world.relationshipOf(partnerId));
                List<String> consents = new ArrayList<>();
                for (Side side : Side.values()) {
                    if (after.map(r -> r.hasConsentOf(side)).orElse(false)) {
                        consents.add(side.name());
                    }
                }
                mismatches.sameSet("consents recorded", want.consents().stream().map(Side::name).toList(), consents);
            }
        }
        return result.decision();
    }

    /** The command a scenario case describes, built as the service builds it. */
    private static PolicyCommand command(Scenario scenario) {
        Scenario.Given given = scenario.given();
        Scenario.When when = scenario.when();
        CustomerWorld world = given.world();
        Partner partner = given.partner(when.partner());
        return switch (when.kind()) {
            case LINK_ISSUED -> new PolicyCommand.IssueLink(partner);
            case EMAIL_CHECK -> new PolicyCommand.CheckEmail(partner, null, when.linkIntact());
            case ACCEPTANCE -> new PolicyCommand.Accept(world, partner, null, when.linkStatus(), when.actorIsCustomerAdmin(), when.services());
            case DAP_REMOVAL -> new PolicyCommand.RemoveDelegatedAdmin(world, when.partner(), when.services(), when.actorIsCustomerAdmin());
            case RENEGOTIATION -> new PolicyCommand.Renegotiate(world, when.partner(), when.side());
            case AUTHORIZATION -> new PolicyCommand.Authorize(world, partner,
                    new AuthorizationRequest(when.partner(), given.customer().id(), when.action(), when.service(), when.subscriptionId()));
        };
    }

    private record Actual(String code, String partnerId, String service) {
        @Override
        public String toString() {
            return Scenario.Expected.describe(code, partnerId, service);
        }
    }

    /** Collects every difference of a case, so one run tells the author everything to fix. */
    private static final class Mismatches {
        private final List<String> messages = new ArrayList<>();

        void compare(String what, Object wanted, Object got) {
            if (!Objects.equals(wanted, got)) {
                messages.add("wanted " + what + " " + wanted + ", got " + got);
            }
        }

        void sameSet(String what, List<String> wanted, List<String> got) {
            List<String> w = wanted.stream().distinct().sorted().toList();
            List<String> g = got.stream().distinct().sorted().toList();
            if (!w.equals(g)) {
                messages.add("wanted " + what + " " + w + ", got " + g);
            }
        }

        /**
         * Each wanted entry must match its own actual entry and nothing may be left over. The most specific
         * wanted entries choose first, so that a bare code does not take the entry a qualified one needs.
         */
        void expected(String what, List<Scenario.Expected> wanted, List<Actual> got) {
            List<Actual> left = new ArrayList<>(got);
            List<Scenario.Expected> unmatched = new ArrayList<>();
            List<Scenario.Expected> ordered = wanted.stream()
                    .sorted(Comparator.comparingInt(Scenario.Expected::specificity).reversed()).toList();
            for (Scenario.Expected e : ordered) {
                Optional<Actual> match = left.stream().filter(a -> e.matches(a.code(), a.partnerId(), a.service())).findFirst();
                if (match.isPresent()) {
                    left.remove(match.get());
                } else {
                    unmatched.add(e);
                }
            }
            if (!unmatched.isEmpty() || !left.isEmpty()) {
                messages.add("wanted " + what + " " + wanted + ", got " + got);
            }
        }

        boolean none() {
            return messages.isEmpty();
        }

        @Override
        public String toString() {
            return none() ? "" : String.join("; ", messages);
        }
    }
}
