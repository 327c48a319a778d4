package io.relationshippolicy.decisionlog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hashed fields are listed once, in {@link LogEntry#HASHED}: the record holds exactly those fields, and what
 * auditors are told (docs/decision-log.md, and the script they run, docs/verify-decision-log.py) names the same ones.
 */
class LogEntryFieldsTest {

    private static final Set<String> HASHED = LogEntry.HASHED.stream().map(LogEntry.Field::name)
            .collect(Collectors.toCollection(TreeSet::new));

    @Test
    void theRecordHoldsExactlyTheHashedFields() {
        Set<String> components = Arrays.stream(LogEntry.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(components, HASHED);
        assertEquals(LogEntry.HASHED.size(), HASHED.size(), "no field listed twice");
    }

    @Test
    void theFieldsAreWrittenInCanonicalOrder() {
        List<String> names = LogEntry.HASHED.stream().map(LogEntry.Field::name).toList();
        assertEquals(new ArrayList<>(new TreeSet<>(names)), names);
    }

    @Test
    void theAuditorsDocumentMarksTheSameFieldsHashed() throws IOException {
        String doc = Files.readString(Path.of("docs/decision-log.md"));
        String table = doc.substring(doc.indexOf("## Fields of an entry"), doc.indexOf("**Masking.**"));
        Set<String> hashed = new TreeSet<>();
        Set<String> notHashed = new TreeSet<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            Matcher name = Pattern.compile("`(\\w+)`").matcher(cells[1]);
            while (name.find()) {
                (cells[2].trim().equals("yes") ? hashed : notHashed).add(name.group(1));
            }
        }
        assertEquals(HASHED, hashed);
        assertEquals(Set.of("hash"), notHashed);
        assertTrue(doc.contains("(" + HASHED.size() + " members)"), "the hash chain section counts the members");
    }

    @Test
    void theAuditorsScriptHashesTheSameFields() throws IOException {
        String script = Files.readString(Path.of("docs/verify-decision-log.py"));
        Matcher list = Pattern.compile("(?s)\nHASHED = \\[(.*?)]").matcher(script);
        assertTrue(list.find());
        Set<String> named = new TreeSet<>();
        Matcher name = Pattern.compile("\"(\\w+)\"").matcher(list.group(1));
        while (name.find()) {
            named.add(name.group(1));
        }
        assertEquals(HASHED, named);
    }
}
