package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.RuleRef;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How well the passing scenario cases exercise a rules version: which rules no case fires, and for each
 * clause whether some case ended ALLOW and some case ended DENY while a rule citing that clause fired.
 */
public record ScenarioCoverage(List<RuleRef> unfiredRules, Map<String, Set<Outcome>> outcomesByClause) {

    public static ScenarioCoverage of(List<RuleRef> rules, ScenarioReport report) {
        Map<String, RuleRef> byId = new LinkedHashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        Set<String> fired = new TreeSet<>();
        Map<String, Set<Outcome>> outcomes = new TreeMap<>();
        for (ScenarioReport.CaseResult result : report.results()) {
            // A failing case proves nothing about the rules it happened to fire.
            if (!result.passed()) {
                continue;
            }
            for (String id : result.firedRules()) {
                fired.add(id);
                RuleRef rule = byId.get(id);
                if (rule != null) {
                    outcomes.computeIfAbsent(rule.clause(), c -> EnumSet.noneOf(Outcome.class)).add(result.outcome());
                }
            }
        }
        List<RuleRef> unfired = rules.stream().filter(r -> !fired.contains(r.id())).toList();
        return new ScenarioCoverage(unfired, outcomes);
    }

    /** The clauses among {@code clauses} with no passing case of that outcome. */
    public List<String> clausesWithout(Outcome outcome, List<String> clauses) {
        return clauses.stream().filter(c -> !outcomesByClause.getOrDefault(c, Set.of()).contains(outcome)).toList();
    }
}
