package io.relationshippolicy.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.relationshippolicy.rules.LineDiff.Change.ADDED;
import static io.relationshippolicy.rules.LineDiff.Change.REMOVED;
import static io.relationshippolicy.rules.LineDiff.Change.SAME;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The versions page's difference: what both texts keep, what the old one loses and the new one gains, with line numbers. */
class LineDiffTest {

    @Test
    void aChangedLineIsRemovedThenAddedBetweenTheLinesBothKeep() {
        List<LineDiff.Line> diff = LineDiff.between("rule\n  when A\nthen\nend\n", "rule\n  when B\nthen\nend\n");
        assertEquals(List.of(SAME, REMOVED, ADDED, SAME, SAME, SAME), diff.stream().map(LineDiff.Line::change).toList());
        assertEquals(new LineDiff.Line(REMOVED, 2, 0, "  when A"), diff.get(1));
        assertEquals(new LineDiff.Line(ADDED, 0, 2, "  when B"), diff.get(2));
        assertEquals(new LineDiff.Line(SAME, 3, 3, "then"), diff.get(3));
    }

    @Test
    void insertionsAndDeletionsKeepBothSidesNumbered() {
        List<LineDiff.Line> diff = LineDiff.between("a\nb\nc\nd", "a\nx\nc\nd\ne");
        assertEquals(List.of(
                new LineDiff.Line(SAME, 1, 1, "a"),
                new LineDiff.Line(REMOVED, 2, 0, "b"),
                new LineDiff.Line(ADDED, 0, 2, "x"),
                new LineDiff.Line(SAME, 3, 3, "c"),
                new LineDiff.Line(SAME, 4, 4, "d"),
                new LineDiff.Line(ADDED, 0, 5, "e")), diff);
    }

    @Test
    void aNewFileIsAllAddedAndAGoneFileAllRemoved() {
        assertEquals(List.of(ADDED, ADDED), LineDiff.between("", "one\ntwo").stream().map(LineDiff.Line::change).toList());
        assertEquals(List.of(REMOVED), LineDiff.between("one", "").stream().map(LineDiff.Line::change).toList());
    }

    @Test
    void movedLinesAreFoundByTheLongestCommonSubsequence() {
        List<LineDiff.Line> diff = LineDiff.between("a\nb\nc\nd\ne", "b\nc\nd\ne\na");
        assertEquals(4, diff.stream().filter(l -> l.change() == SAME).count(), "b to e are kept, a moves");
        assertEquals(1, diff.stream().filter(l -> l.change() == REMOVED).count());
        assertEquals(1, diff.stream().filter(l -> l.change() == ADDED).count());
    }

    @Test
    void longUnchangedRunsAreFoldedAroundEachChange() {
        StringBuilder before = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            before.append("line ").append(i).append('\n');
        }
        String after = before.toString().replace("line 10\n", "line ten\n");
        List<LineDiff.Line> folded = LineDiff.around(LineDiff.between(before.toString(), after), 3);
        assertEquals(List.of(LineDiff.Change.SKIPPED, SAME, SAME, SAME, REMOVED, ADDED, SAME, SAME, SAME, LineDiff.Change.SKIPPED),
                folded.stream().map(LineDiff.Line::change).toList());
        assertEquals(6, folded.get(0).oldLine(), "lines 1 to 6 are left out before the change");
        assertEquals(7, folded.get(1).oldLine());
        assertEquals(8, folded.get(9).oldLine(), "lines 14 to 20 and the empty last line after it");
    }
}
