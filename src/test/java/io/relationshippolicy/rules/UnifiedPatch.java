package io.relationshippolicy.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a unified diff, as {@code diff -u} and {@code git diff} write it, to files held in memory, the way
 * {@code patch -p1} applies it to a folder. Strict on purpose: every hunk must find its context at the line it
 * names, so a worked example that no longer fits the rules fails loudly instead of being laid over them.
 */
final class UnifiedPatch {

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private UnifiedPatch() {
    }

    /** The files {@code patch} changes, with their new text; {@code files} is not modified. */
    static Map<String, String> apply(String patch, Map<String, String> files) {
        Map<String, String> changed = new LinkedHashMap<>();
        String[] lines = patch.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("--- ")) {
                i++;
                continue;
            }
            if (i + 1 >= lines.length || !lines[i + 1].startsWith("+++ b/")) {
                throw new IllegalArgumentException("line " + (i + 2) + ": expected '+++ b/<path>' after '---'");
            }
            String path = lines[i + 1].substring("+++ b/".length()).split("\t")[0];
            String original = changed.containsKey(path) ? changed.get(path) : files.get(path);
            if (original == null) {
                throw new IllegalArgumentException("the patch changes " + path + ", which the rules do not have");
            }
            List<String> text = new ArrayList<>(List.of(original.split("\n", -1)));
            text.remove(text.size() - 1); // what follows the last newline: the files end with one
            i += 2;
            int shift = 0;
            while (i < lines.length && lines[i].startsWith("@@")) {
                Matcher m = HUNK.matcher(lines[i]);
                if (!m.find()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": not a hunk header: " + lines[i]);
                }
                int at = Integer.parseInt(m.group(1)) - 1 + shift;
                int hunkLine = i + 1;
                i++;
                List<String> before = new ArrayList<>();
                List<String> after = new ArrayList<>();
                while (i < lines.length && !lines[i].isEmpty() && " -+".indexOf(lines[i].charAt(0)) >= 0
                        && !lines[i].startsWith("--- ")) {
                    char kind = lines[i].charAt(0);
                    String line = lines[i].substring(1);
                    if (kind != '+') {
                        before.add(line);
                    }
                    if (kind != '-') {
                        after.add(line);
                    }
                    i++;
                }
                if (at < 0 || at + before.size() > text.size() || !text.subList(at, at + before.size()).equals(before)) {
                    throw new IllegalStateException("the hunk at line " + hunkLine + " of the patch no longer fits " + path
                            + " at line " + (at + 1) + ": the rules changed there; make the change again and regenerate the patch");
                }
                text.subList(at, at + before.size()).clear();
                text.addAll(at, after);
                shift += after.size() - before.size();
            }
            changed.put(path, String.join("\n", text) + "\n");
        }
        if (changed.isEmpty()) {
            throw new IllegalArgumentException("the patch changes no file");
        }
        return changed;
    }
}
