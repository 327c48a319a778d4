package io.relationshippolicy.rules;

import io.relationshippolicy.policy.RuleRef;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules in service as the compliance team reads them: grouped by area (the folder of the file), each with
 * the scenario cases that fire it and its text in the DRL file. The scenario run is made once per active
 * version, on the active engine, and kept until another version goes live.
 */
@Singleton
public class RuleSources {

    /** A scenario case that fires a rule: where it is and what it is called. */
    public record Case(String file, int line, String scenario) {
    }

    /** One rule: its id, name, clause, file, the cases that fire it and its DRL text. */
    public record Rule(String id, String name, String clause, String file, List<Case> coveredBy, String source) {
    }

    /** One policy area: its folder and its rules by id. */
    public record Area(String folder, List<Rule> rules) {
    }

    /** The catalogue of the active version. */
    public record Catalogue(String version, java.time.Instant activatedAt, String activatedBy, List<Area> areas, int rules,
                            int uncovered) {
    }

    private final ActiveRules active;
    private String version;
    private ScenarioReport report;

    public RuleSources(ActiveRules active) {
        this.active = active;
    }

    public Catalogue catalogue() {
        ActiveRules.Active current = active.current();
        ScenarioReport scenarios = report(current);
        Map<String, List<Case>> casesByRule = new LinkedHashMap<>();
        for (ScenarioReport.CaseResult result : scenarios.results()) {
            if (result.passed()) {
                for (String id : result.firedRules()) {
                    casesByRule.computeIfAbsent(id, k -> new ArrayList<>()).add(new Case(result.file(), result.line(), result.scenario()));
                }
            }
        }
        Map<String, List<Rule>> byArea = new TreeMap<>();
        int uncovered = 0;
        List<RuleRef> refs = new ArrayList<>(current.engine().rules());
        refs.sort(java.util.Comparator.comparing(RuleRef::id));
        for (RuleRef ref : refs) {
            List<Case> cases = casesByRule.getOrDefault(ref.id(), List.of());
            if (cases.isEmpty()) {
                uncovered++;
            }
            String folder = ref.file().contains("/") ? ref.file().substring(0, ref.file().lastIndexOf('/')) : "";
            byArea.computeIfAbsent(folder, k -> new ArrayList<>()).add(new Rule(ref.id(), ref.name(), ref.clause(), ref.file(),
                    List.copyOf(cases), sourceOf(current.files().get(ref.file()), ref.name())));
        }
        List<Area> areas = new ArrayList<>();
        byArea.forEach((folder, rules) -> areas.add(new Area(folder, List.copyOf(rules))));
        return new Catalogue(current.engine().version(), current.activatedAt(), current.activatedBy(), areas, refs.size(), uncovered);
    }

    private synchronized ScenarioReport report(ActiveRules.Active current) {
        if (!current.engine().version().equals(version)) {
            report = ScenarioRunner.run(current.files(), current.engine());
            version = current.engine().version();
        }
        return report;
    }

    /** The text of the rule named {@code name} in a DRL file: from its {@code rule "..."} line to its {@code end}. */
    static String sourceOf(String drl, String name) {
        if (drl == null) {
            return "";
        }
        String[] lines = drl.split("\r?\n");
        String header = "rule \"" + name + "\"";
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().startsWith(header)) {
                StringBuilder text = new StringBuilder();
                for (int j = i; j < lines.length; j++) {
                    text.append(lines[j]).append('\n');
                    if (lines[j].trim().equals("end")) {
                        break;
                    }
                }
                return text.toString();
            }
        }
        return "";
    }
}
