package io.relationshippolicy.policy.drools;

import io.relationshippolicy.policy.ErrorMessages;
import io.relationshippolicy.policy.RuleFileError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes compiler messages point into the DRL files the compliance team edits. The executable model reports
 * many problems with line 0 ("Unable to find class: Partnr") or against Java it generated for a rule
 * consequence; this finds the quoted text in the DRL files instead, and drops the follow-up messages that
 * only repeat an error already reported (a null package after a parse error, a dump of generated source).
 */
final class ErrorLocator {

    private static final Pattern AFTER_COLON = Pattern.compile(":\\s*(.+)$");
    private static final Pattern IN_RULE = Pattern.compile("in rule \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FIRST_IDENTIFIER = Pattern.compile("^\\W*([A-Za-z_$][\\w$]*)");
    private static final Pattern QUOTED_METHOD = Pattern.compile("The method ([A-Za-z_$][\\w$]*)\\(");

    private ErrorLocator() {
    }

    static List<RuleFileError> locate(List<RuleFileError> raw, Map<String, String> drl) {
        List<RuleFileError> placed = new ArrayList<>();
        Set<String> filesWithRealErrors = new LinkedHashSet<>();
        for (RuleFileError error : raw) {
            if (!isFollowUp(error)) {
                filesWithRealErrors.add(error.file());
            }
        }
        for (RuleFileError error : raw) {
            if (isFollowUp(error) && filesWithRealErrors.contains(error.file())) {
                continue;
            }
            RuleFileError at = place(error, drl);
            placed.add(new RuleFileError(at.file(), at.line(), at.column(), ErrorMessages.clean(at.message())));
        }
        return List.copyOf(new LinkedHashSet<>(placed));
    }

    private static boolean isFollowUp(RuleFileError error) {
        return error.message().startsWith("Parser returned a null Package") || error.message().startsWith("Java source of ");
    }

    private static RuleFileError place(RuleFileError error, Map<String, String> drl) {
        boolean inDrl = drl.containsKey(error.file());
        if (inDrl && error.line() > 0) {
            return error;
        }
        List<String> needles = needles(error.message());
        if (inDrl) {
            for (String needle : needles) {
                int line = lineOf(drl.get(error.file()), needle);
                if (line > 0) {
                    return new RuleFileError(error.file(), line, error.message());
                }
            }
            return error;
        }
        // Reported against generated Java: look for the offending name in the DRL files themselves.
        for (String needle : needles) {
            for (Map.Entry<String, String> file : drl.entrySet()) {
                int line = lineOf(file.getValue(), needle);
                if (line > 0) {
                    return new RuleFileError(file.getKey(), line, error.message());
                }
            }
        }
        String where = error.file().isEmpty() ? "" : " (reported in code generated from the rules)";
        return new RuleFileError(drl.size() == 1 ? drl.keySet().iterator().next() : "", 0, error.message() + where);
    }

    /** Text from the message worth looking for in a DRL file, most precise first. */
    private static List<String> needles(String message) {
        List<String> needles = new ArrayList<>();
        Matcher rule = IN_RULE.matcher(message);
        Matcher afterColon = AFTER_COLON.matcher(message.lines().findFirst().orElse(""));
        if (afterColon.find()) {
            needles.add(afterColon.group(1).trim());
        }
        Matcher method = QUOTED_METHOD.matcher(message);
        if (method.find()) {
            needles.add(method.group(1));
        }
        Matcher identifier = FIRST_IDENTIFIER.matcher(message);
        if (identifier.find() && message.contains("cannot be resolved")) {
            needles.add(identifier.group(1));
        }
        if (rule.find()) {
            needles.add("rule \"" + rule.group(1) + "\"");
        }
        return needles.stream().filter(n -> n.length() >= 3).toList();
    }

    /** 1-based line of the first occurrence outside comments; 0 when absent. Names must match as whole words. */
    static int lineOf(String text, String needle) {
        Pattern pattern = Pattern.compile(
                (Character.isJavaIdentifierStart(needle.charAt(0)) ? "(?<![\\w$])" : "")
                        + Pattern.quote(needle)
                        + (Character.isJavaIdentifierPart(needle.charAt(needle.length() - 1)) ? "(?![\\w$])" : ""));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf("//");
            String code = comment >= 0 ? line.substring(0, comment) : line;
            if (pattern.matcher(code).find()) {
                return i + 1;
            }
        }
        return 0;
    }
}
