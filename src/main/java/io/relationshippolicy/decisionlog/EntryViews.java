package io.relationshippolicy.decisionlog;

import io.micronaut.json.JsonMapper;
import io.relationshippolicy.system.Messages;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The entry as auditors read it (API, NDJSON and CSV export): the decision answer's fields, with reasons
 * and obligations carrying a message in the caller's language, plus everything that was hashed.
 * docs/decision-log.md lists the fields.
 */
@Singleton
public class EntryViews {

    /** CSV columns, in order. The JSON columns hold the stored canonical JSON text. */
    public static final List<String> CSV_HEADER = List.of("sequence", "decisionId", "decidedAt", "kind", "outcome", "partnerId",
            "customerId", "action", "service", "subscriptionId", "actorSub", "actorTenant", "actorRoles", "rulesVersion",
            "reasonCodes", "obligationCodes", "durationMicros", "input", "reasons", "obligations", "firedRules", "maskedFields",
            "previousHash", "hash");

    private final JsonMapper json;

    public EntryViews(JsonMapper json) {
        this.json = json;
    }

    /** For the JSON API: every value a plain map, list or scalar. */
    public Map<String, Object> view(StoredEntry e, Locale locale) {
        return view(e, locale, false);
    }

    /**
     * One NDJSON line (without the newline): the stored JSON columns are written as they are, which is
     * the same JSON as {@link #view} gives, without parsing the input again.
     */
    public String ndjson(StoredEntry e, Locale locale) {
        return CanonicalJson.write(view(e, locale, true));
    }

    private Map<String, Object> view(StoredEntry e, Locale locale, boolean raw) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("decisionId", e.decisionId());
        v.put("kind", e.kind());
        v.put("outcome", e.outcome());
        v.put("reasons", withMessages(e.reasons(), locale));
        v.put("obligations", withMessages(e.obligations(), locale));
        v.put("rulesVersion", e.rulesVersion());
        v.put("decidedAt", e.decidedAt());
        v.put("sequence", e.sequence());
        v.put("actor", DecisionLog.actor(e.actorSub(), e.actorTenant(), e.actorRoles()));
        v.put("partnerId", e.partnerId());
        v.put("customerId", e.customerId());
        v.put("action", e.action());
        v.put("service", e.service());
        v.put("subscriptionId", e.subscriptionId());
        v.put("input", raw ? new CanonicalJson.Raw(e.input()) : StoredEntry.parse(json, e.input()));
        v.put("firedRules", raw ? new CanonicalJson.Raw(e.firedRules()) : StoredEntry.parse(json, e.firedRules()));
        v.put("maskedFields", raw ? new CanonicalJson.Raw(e.maskedFields()) : StoredEntry.parse(json, e.maskedFields()));
        v.put("durationMicros", e.durationMicros());
        v.put("previousHash", e.previousHash());
        v.put("hash", e.hash());
        return v;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> withMessages(String stored, Locale locale) {
        if (stored.equals("[]")) {
            return List.of();
        }
        List<Map<String, Object>> items = (List<Map<String, Object>>) StoredEntry.parse(json, stored);
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map<String, Object> item : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            String code = (String) item.get("code");
            m.put("code", code);
            m.put("clause", item.get("clause"));
            m.put("ruleId", item.get("ruleId"));
            m.put("message", Messages.message(code, locale));
            m.put("service", item.get("service"));
            m.put("partnerId", item.get("partnerId"));
            out.add(m);
        }
        return out;
    }

    /**
     * One CSV record (RFC 4180, CRLF-terminated), safe to open in a spreadsheet: see {@link #csvCell}.
     */
    @SuppressWarnings("unchecked")
    public String csv(StoredEntry e) {
        List<String> reasonCodes = e.reasons().equals("[]") ? List.of() : ((List<Map<String, Object>>) StoredEntry.parse(json, e.reasons()))
                .stream().map(m -> (String) m.get("code")).toList();
        List<String> obligationCodes = e.obligations().equals("[]") ? List.of()
                : ((List<Map<String, Object>>) StoredEntry.parse(json, e.obligations())).stream().map(m -> (String) m.get("code")).toList();
        List<String> fields = new ArrayList<>(CSV_HEADER.size());
        fields.add(Long.toString(e.sequence()));
        fields.add(e.decisionId());
        fields.add(e.decidedAt());
        fields.add(e.kind());
        fields.add(e.outcome());
        fields.add(e.partnerId());
        fields.add(e.customerId());
        fields.add(e.action());
        fields.add(e.service());
        fields.add(e.subscriptionId());
        fields.add(e.actorSub());
        fields.add(e.actorTenant());
        fields.add(StoredEntry.joinRoles(e.actorRoles()));
        fields.add(e.rulesVersion());
        fields.add(String.join(" ", reasonCodes));
        fields.add(String.join(" ", obligationCodes));
        fields.add(Long.toString(e.durationMicros()));
        fields.add(e.input());
        fields.add(e.reasons());
        fields.add(e.obligations());
        fields.add(e.firedRules());
        fields.add(e.maskedFields());
        fields.add(e.previousHash());
        fields.add(e.hash());
        return csvRecord(fields);
    }

    public static String csvRecord(List<String> fields) {
        StringBuilder out = new StringBuilder(512);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            csvCell(out, fields.get(i));
        }
        return out.append("\r\n").toString();
    }

    /**
     * One cell. A spreadsheet runs a cell that begins with {@code = + - @}, tab or carriage return as a formula
     * (OWASP, CSV injection): such a cell gets a single quote in front, and the cell is quoted. A value that
     * itself begins with a single quote gets one more, so the rule is reversible without ambiguity: a reader
     * removes exactly one leading quote from any cell that has one (docs/decision-log.md;
     * docs/verify-decision-log.py does). A cell holding a separator ({@code ,} or {@code ;}), a quote, a tab
     * or a line break is quoted. An empty cell is null.
     */
    static void csvCell(StringBuilder out, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean neutralise = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\'' -> true;
            default -> false;
        };
        boolean quote = neutralise;
        for (int i = 0; i < value.length() && !quote; i++) {
            char ch = value.charAt(i);
            quote = ch == ',' || ch == ';' || ch == '"' || ch == '\n' || ch == '\r' || ch == '\t';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        if (neutralise) {
            out.append('\'');
        }
        out.append(value.replace("\"", "\"\"")).append('"');
    }
}
