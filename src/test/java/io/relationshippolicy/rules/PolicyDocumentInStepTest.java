package io.relationshippolicy.rules;

import io.relationshippolicy.policy.RuleRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/policy.md in step with rules/: for each clause, the rule ids citing it and the reason and
 * obligation codes those rules insert must be exactly what the clause table says.
 */
class PolicyDocumentInStepTest {

    private static final Pattern ROW = Pattern.compile("^\\| (C\\d+) \\| .* \\| ([^|]*) \\| ([^|]*) \\|$");
    private static final Pattern RULE_BLOCK = Pattern.compile("rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"(.*?)\\nend\\b", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("new (?:Denial|Obligation)\\(\\s*\"([A-Z0-9_]+)\"");

    @Test
    void theClauseTableListsExactlyTheRulesAndCodesOfEachClause() throws IOException {
        Map<String, Set<String>> rulesByClause = new TreeMap<>();
        Map<String, Set<String>> codesByClause = new TreeMap<>();
        Map<String, Set<String>> codesByRuleName = codesByRuleName(RulesUnderTest.folder());
        for (RuleRef rule : RulesUnderTest.compiled().engine().rules()) {
            rulesByClause.computeIfAbsent(rule.clause(), k -> new TreeSet<>()).add(rule.id());
            codesByClause.computeIfAbsent(rule.clause(), k -> new TreeSet<>())
                    .addAll(codesByRuleName.getOrDefault(rule.file() + "/" + rule.name(), Set.of()));
        }

        Map<String, Set<String>> documentedRules = new TreeMap<>();
        Map<String, Set<String>> documentedCodes = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/policy.md"))) {
            Matcher row = ROW.matcher(line.trim());
            if (row.matches()) {
                documentedRules.put(row.group(1), cell(row.group(2)));
                documentedCodes.put(row.group(1), cell(row.group(3)));
            }
        }
        assertEquals(15, documentedRules.size(), "docs/policy.md lists clauses C1 to C15");
        for (String clause : documentedRules.keySet()) {
            assertEquals(rulesByClause.getOrDefault(clause, Set.of()), documentedRules.get(clause),
                    "docs/policy.md, rules of " + clause);
            assertEquals(codesByClause.getOrDefault(clause, Set.of()), documentedCodes.get(clause),
                    "docs/policy.md, codes of " + clause);
        }
        assertTrue(documentedRules.keySet().containsAll(rulesByClause.keySet()),
                "a rule cites a clause the table does not list: " + rulesByClause.keySet());
    }

    private static Map<String, Set<String>> codesByRuleName(Map<String, String> folder) {
        Map<String, Set<String>> codes = new TreeMap<>();
        folder.forEach((file, text) -> {
            if (!file.endsWith(".drl")) {
                return;
            }
            Matcher block = RULE_BLOCK.matcher(text);
            while (block.find()) {
                Set<String> found = new TreeSet<>();
                Matcher code = CODE.matcher(block.group(2));
                while (code.find()) {
                    found.add(code.group(1));
                }
                codes.put(file + "/" + block.group(1), found);
            }
        });
        return codes;
    }

    private static Set<String> cell(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("—") || trimmed.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(trimmed.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }
}
