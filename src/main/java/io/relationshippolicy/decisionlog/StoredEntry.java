package io.relationshippolicy.decisionlog;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.system.Messages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An entry as the log holds it: its hashed content and the hash the chain gave it. It is one
 * {@code decision_log} row ({@link #COLUMNS}, read by column name, written in that order by the append), and
 * it is what auditors read: the API's JSON, an NDJSON line, a CSV record (docs/decision-log.md lists the fields).
 */
public record StoredEntry(LogEntry content, String hash) {

    /**
     * The columns of a row, in the order the append's INSERT writes them; {@code reason_codes} is derived from the
     * entry (not hashed) and read by the verification beside it.
     */
    public static final String COLUMNS = "sequence, decision_id, kind, outcome, decided_at, rules_version, partner_id, "
            + "customer_id, action, service, subscription_id, actor_sub, actor_tenant, actor_roles, reason_codes, input, "
            + "reasons, obligations, fired_rules, masked_fields, duration_micros, previous_hash, hash";

    /** CSV columns, in order. The JSON columns hold the stored canonical JSON text. */
    public static final List<String> CSV_HEADER = List.of("sequence", "decisionId", "decidedAt", "kind", "outcome", "partnerId",
            "customerId", "action", "service", "subscriptionId", "actorSub", "actorTenant", "actorRoles", "rulesVersion",
            "reasonCodes", "obligationCodes", "durationMicros", "input", "reasons", "obligations", "firedRules", "maskedFields",
            "previousHash", "hash");

    /** One row of a query that selected {@link #COLUMNS}, read by column name. */
    public static StoredEntry read(ResultSet rs) throws SQLException {
        LogEntry content = new LogEntry(rs.getLong("sequence"), rs.getString("decision_id"), rs.getString("kind"),
                rs.getString("outcome"), rs.getObject("decided_at", OffsetDateTime.class).toInstant(), rs.getString("rules_version"),
                rs.getString("partner_id"), rs.getString("customer_id"), rs.getString("action"), rs.getString("service"),
                rs.getString("subscription_id"),
                new LogEntry.Actor(rs.getString("actor_sub"), rs.getString("actor_tenant"), splitRoles(rs.getString("actor_roles"))),
                rs.getString("input"), rs.getString("reasons"), rs.getString("obligations"), rs.getString("fired_rules"),
                rs.getString("masked_fields"), rs.getLong("duration_micros"), rs.getString("previous_hash"));
        return new StoredEntry(content, rs.getString("hash"));
    }

    /** Binds this entry to an {@code INSERT INTO decision_log (COLUMNS)}, with the {@code reason_codes} derived from it. */
    void bind(PreparedStatement insert, Set<String> codes) throws SQLException {
        LogEntry e = content;
        int i = 1;
        insert.setLong(i++, e.sequence());
        insert.setString(i++, e.decisionId());
        insert.setString(i++, e.kind());
        insert.setString(i++, e.outcome());
        insert.setObject(i++, OffsetDateTime.ofInstant(e.decidedAt(), ZoneOffset.UTC));
        insert.setString(i++, e.rulesVersion());
        insert.setString(i++, e.partnerId());
        insert.setString(i++, e.customerId());
        insert.setString(i++, e.action());
        insert.setString(i++, e.service());
        insert.setString(i++, e.subscriptionId());
        insert.setString(i++, e.actor().sub());
        insert.setString(i++, e.actor().tenant());
        insert.setString(i++, String.join(",", e.actor().roles()));
        insert.setString(i++, reasonCodesColumn(codes));
        insert.setString(i++, e.input());
        insert.setString(i++, e.reasons());
        insert.setString(i++, e.obligations());
        insert.setString(i++, e.firedRules());
        insert.setString(i++, e.maskedFields());
        insert.setLong(i++, e.durationMicros());
        insert.setString(i++, e.previousHash());
        insert.setString(i, hash);
    }

    /** The {@code reason_codes} column: {@code ,CODE1,CODE2,} (sorted), empty without codes. */
    static String reasonCodesColumn(Set<String> sortedCodes) {
        return sortedCodes.isEmpty() ? "" : "," + String.join(",", sortedCodes) + ",";
    }

    private static List<String> splitRoles(String roles) {
        return roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",", -1));
    }

    /** What the hash of this row must be, given its stored content and the previous hash it names. */
    /** Where this entry sits in the log, as the decision's caller learns it. */
    public LogPosition position() {
        return new LogPosition(content.decisionId(), content.sequence(), content.decidedAt(), hash);
    }

    public String expectedHash() {
        return content.computedHash();
    }

    /**
     * The {@code code} of every item of a stored reasons or obligations column. The column holds canonical JSON
     * (the hash proves it is the text the service wrote), where a quote inside a string is always escaped: a
     * key {@code "code"} right after {@code {} or {@code ,} can only be a member name.
     */
    static List<String> codes(String canonicalItems) {
        if (canonicalItems.length() <= 2) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(2);
        String key = "\"code\":\"";
        int at = canonicalItems.indexOf(key);
        while (at > 0) {
            char before = canonicalItems.charAt(at - 1);
            int start = at + key.length();
            if (before == '{' || before == ',') {
                StringBuilder code = new StringBuilder(40);
                int i = start;
                for (; i < canonicalItems.length() && canonicalItems.charAt(i) != '"'; i++) {
                    char ch = canonicalItems.charAt(i);
                    if (ch == '\\' && i + 1 < canonicalItems.length()) {
                        char escaped = canonicalItems.charAt(++i);
                        switch (escaped) {
                            case 'n' -> code.append('\n');
                            case 'r' -> code.append('\r');
                            case 't' -> code.append('\t');
                            case 'b' -> code.append('\b');
                            case 'f' -> code.append('\f');
                            case 'u' -> {
                                code.append((char) Integer.parseInt(canonicalItems.substring(i + 1, i + 5), 16));
                                i += 4;
                            }
                            default -> code.append(escaped);
                        }
                    } else {
                        code.append(ch);
                    }
                }
                codes.add(code.toString());
                start = i;
            }
            at = canonicalItems.indexOf(key, start);
        }
        return codes;
    }

    // ------------------------------------------------------------------ as auditors read it

    /** For the JSON API: every value a plain map, list or scalar; reasons and obligations with a message in {@code locale}. */
    public Map<String, Object> view(JsonMapper json, Locale locale) {
        return view(json, locale, false);
    }

    /**
     * One NDJSON line (without the newline): the stored JSON columns are written as they are, which is
     * the same JSON as {@link #view} gives, without parsing the input again.
     */
    public String ndjson(JsonMapper json, Locale locale) {
        return CanonicalJson.write(view(json, locale, true));
    }

    private Map<String, Object> view(JsonMapper json, Locale locale, boolean raw) {
        LogEntry e = content;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("decisionId", e.decisionId());
        v.put("kind", e.kind());
        v.put("outcome", e.outcome());
        v.put("reasons", withMessages(json, e.reasons(), locale));
        v.put("obligations", withMessages(json, e.obligations(), locale));
        v.put("rulesVersion", e.rulesVersion());
        v.put("decidedAt", e.decidedAt().toString());
        v.put("sequence", e.sequence());
        v.put("actor", e.actor().json());
        v.put("partnerId", e.partnerId());
        v.put("customerId", e.customerId());
        v.put("action", e.action());
        v.put("service", e.service());
        v.put("subscriptionId", e.subscriptionId());
        v.put("input", raw ? new CanonicalJson.Raw(e.input()) : parse(json, e.input()));
        v.put("firedRules", raw ? new CanonicalJson.Raw(e.firedRules()) : parse(json, e.firedRules()));
        v.put("maskedFields", raw ? new CanonicalJson.Raw(e.maskedFields()) : parse(json, e.maskedFields()));
        v.put("durationMicros", e.durationMicros());
        v.put("previousHash", e.previousHash());
        v.put("hash", hash);
        return v;
    }

    /** The decision this entry records, as its caller received it, with messages in {@code locale}: what a page shows. */
    @SuppressWarnings("unchecked")
    public DecisionView decision(JsonMapper json, Locale locale) {
        LogEntry e = content;
        List<DecisionView.ReasonView> reasons = new ArrayList<>();
        for (Map<String, Object> r : withMessages(json, e.reasons(), locale)) {
            reasons.add(new DecisionView.ReasonView((String) r.get("code"), (String) r.get("clause"), (String) r.get("ruleId"),
                    (String) r.get("message"), (String) r.get("service"), (String) r.get("partnerId")));
        }
        List<DecisionView.ObligationView> obligations = new ArrayList<>();
        for (Map<String, Object> o : withMessages(json, e.obligations(), locale)) {
            obligations.add(new DecisionView.ObligationView((String) o.get("code"), (String) o.get("clause"), (String) o.get("ruleId"),
                    (String) o.get("message"), (String) o.get("service"), (String) o.get("partnerId")));
        }
        return new DecisionView(e.decisionId(), DecisionKind.valueOf(e.kind()), Outcome.valueOf(e.outcome()), reasons, obligations,
                e.rulesVersion(), e.decidedAt());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> withMessages(JsonMapper json, String stored, Locale locale) {
        if (stored.equals("[]")) {
            return List.of();
        }
        List<Map<String, Object>> items = (List<Map<String, Object>>) parse(json, stored);
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

    /** One CSV record (RFC 4180, CRLF-terminated) with the columns of {@link #CSV_HEADER}, safe to open in a spreadsheet: see {@link #csvCell}. */
    @SuppressWarnings("unchecked")
    public String csv(JsonMapper json) {
        LogEntry e = content;
        List<String> reasonCodes = e.reasons().equals("[]") ? List.of()
                : ((List<Map<String, Object>>) parse(json, e.reasons())).stream().map(m -> (String) m.get("code")).toList();
        List<String> obligationCodes = e.obligations().equals("[]") ? List.of()
                : ((List<Map<String, Object>>) parse(json, e.obligations())).stream().map(m -> (String) m.get("code")).toList();
        List<String> fields = new ArrayList<>(CSV_HEADER.size());
        fields.add(Long.toString(e.sequence()));
        fields.add(e.decisionId());
        fields.add(e.decidedAt().toString());
        fields.add(e.kind());
        fields.add(e.outcome());
        fields.add(e.partnerId());
        fields.add(e.customerId());
        fields.add(e.action());
        fields.add(e.service());
        fields.add(e.subscriptionId());
        fields.add(e.actor().sub());
        fields.add(e.actor().tenant());
        fields.add(String.join(",", e.actor().roles()));
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
        fields.add(hash);
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

    static Object parse(JsonMapper json, String text) {
        try {
            return json.readValue(text, Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON column is not valid JSON", e);
        }
    }
}
