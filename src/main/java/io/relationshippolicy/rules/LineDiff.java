package io.relationshippolicy.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-by-line difference between two texts, by longest common subsequence: the lines both keep, the lines
 * only the old text has (removed) and the lines only the new one has (added), in order, each with its line
 * numbers. The common head and tail are matched first, so a small edit in a long file stays cheap; when what
 * remains is still too large to compare line by line, the remainder is shown as removed, then added.
 */
public final class LineDiff {

    /** How a line fares between the two texts. */
    public enum Change { SAME, REMOVED, ADDED, SKIPPED }

    /**
     * One line of the difference; {@code oldLine} or {@code newLine} is 0 where the line is absent from that side. A
     * {@code SKIPPED} line stands for a run of unchanged lines left out, {@code oldLine} of them.
     */
    public record Line(Change change, int oldLine, int newLine, String text) {
        public String changeName() {
            return change.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long MAX_CELLS = 4_000_000L;

    /** The difference with only {@code context} unchanged lines kept around each change; longer runs become one SKIPPED line. */
    public static List<Line> around(List<Line> diff, int context) {
        List<Line> out = new ArrayList<>();
        int i = 0;
        while (i < diff.size()) {
            if (diff.get(i).change() != Change.SAME) {
                out.add(diff.get(i++));
                continue;
            }
            int end = i;
            while (end < diff.size() && diff.get(end).change() == Change.SAME) {
                end++;
            }
            int keepHead = i == 0 ? 0 : context;
            int keepTail = end == diff.size() ? 0 : context;
            if (end - i <= keepHead + keepTail + 1) {
                out.addAll(diff.subList(i, end));
            } else {
                out.addAll(diff.subList(i, i + keepHead));
                out.add(new Line(Change.SKIPPED, end - i - keepHead - keepTail, 0, ""));
                out.addAll(diff.subList(end - keepTail, end));
            }
            i = end;
        }
        return out;
    }

    private LineDiff() {
    }

    public static List<Line> between(String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        int head = 0;
        while (head < a.length && head < b.length && a[head].equals(b[head])) {
            head++;
        }
        int tail = 0;
        while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
            tail++;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            out.add(new Line(Change.SAME, i + 1, i + 1, a[i]));
        }
        int n = a.length - head - tail;
        int m = b.length - head - tail;
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            for (int i = 0; i < n; i++) {
                out.add(new Line(Change.REMOVED, head + i + 1, 0, a[head + i]));
            }
            for (int j = 0; j < m; j++) {
                out.add(new Line(Change.ADDED, 0, head + j + 1, b[head + j]));
            }
        } else {
            middle(a, b, head, n, m, out);
        }
        for (int k = tail; k > 0; k--) {
            out.add(new Line(Change.SAME, a.length - k + 1, b.length - k + 1, a[a.length - k]));
        }
        return out;
    }

    /** LCS table over the middle parts, then a walk from the start that prefers removals before additions. */
    private static void middle(String[] a, String[] b, int head, int n, int m, List<Line> out) {
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[head + i].equals(b[head + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i].equals(b[head + j])) {
                out.add(new Line(Change.SAME, head + i + 1, head + j + 1, a[head + i]));
                i++;
                j++;
            } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Line(Change.REMOVED, head + i + 1, 0, a[head + i]));
                i++;
            } else {
                out.add(new Line(Change.ADDED, 0, head + j + 1, b[head + j]));
                j++;
            }
        }
    }

    private static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        return text.split("\r?\n", -1);
    }
}
