package io.relationshippolicy.decisionlog;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One row of the decision log as stored. {@code input}, {@code reasons}, {@code obligations},
 * {@code firedRules} and {@code maskedFields} hold canonical JSON text; {@code decidedAt} the instant in
 * the ISO-8601 form that was hashed.
 */
public record StoredEntry(long sequence, String decisionId, String kind, String outcome, String decidedAt,
                          String rulesVersion, String partnerId, String customerId, String action, String service,
                          String subscriptionId, String actorSub, String actorTenant, List<String> actorRoles,
                          String input, String reasons, String obligations, String firedRules, String maskedFields,
                          long durationMicros, String previousHash, String hash) {

    /**
     * The columns a query selects to read entries, in the order of the append's INSERT; {@code reason_codes} is derived
     * from the entry (not hashed, not part of the record) and read by the verification beside it.
     */
    public static final String COLUMNS = "sequence, decision_id, kind, outcome, decided_at, rules_version, partner_id, "
            + "customer_id, action, service, subscription_id, actor_sub, actor_tenant, actor_roles, reason_codes, input, "
            + "reasons, obligations, fired_rules, masked_fields, duration_micros, previous_hash, hash";

    /** One row of a query that selected {@link #COLUMNS}, read by column name. */
    public static StoredEntry read(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong("sequence"), rs.getString("decision_id"), rs.getString("kind"), rs.getString("outcome"),
                rs.getObject("decided_at", OffsetDateTime.class).toInstant().toString(), rs.getString("rules_version"),
                rs.getString("partner_id"), rs.getString("customer_id"), rs.getString("action"), rs.getString("service"),
                rs.getString("subscription_id"), rs.getString("actor_sub"), rs.getString("actor_tenant"),
                splitRoles(rs.getString("actor_roles")), rs.getString("input"), rs.getString("reasons"), rs.getString("obligations"),
                rs.getString("fired_rules"), rs.getString("masked_fields"), rs.getLong("duration_micros"),
                rs.getString("previous_hash"), rs.getString("hash"));
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
        List<String> codes = new java.util.ArrayList<>(2);
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

    static String joinRoles(List<String> roles) {
        return String.join(",", roles);
    }

    static List<String> splitRoles(String roles) {
        return roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",", -1));
    }

    /**
     * The hashed content rebuilt from the stored columns, the JSON columns taken byte for byte: a stored
     * text that differs in any way from what was hashed changes the hash.
     */
    public Map<String, Object> content() {
        return content(new CanonicalJson.Raw(input), new CanonicalJson.Raw(reasons), new CanonicalJson.Raw(obligations),
                new CanonicalJson.Raw(firedRules), new CanonicalJson.Raw(maskedFields));
    }

    /** The hashed content with the JSON columns parsed back into maps and lists, as an auditor reads an export. */
    public Map<String, Object> parsedContent(JsonMapper json) {
        return content(parse(json, input), parse(json, reasons), parse(json, obligations), parse(json, firedRules),
                parse(json, maskedFields));
    }

    private Map<String, Object> content(Object input, Object reasons, Object obligations, Object firedRules, Object maskedFields) {
        return DecisionLog.content(sequence, decisionId, kind, outcome, decidedAt, rulesVersion, partnerId, customerId, action,
                service, subscriptionId, DecisionLog.actor(actorSub, actorTenant, actorRoles), input, reasons, obligations,
                firedRules, maskedFields, durationMicros, previousHash);
    }

    /** What the hash of this row must be, given the previous hash it names. */
    public String expectedHash() {
        return EntryHashing.hashCanonical(previousHash, canonicalContent());
    }

    /**
     * {@code CanonicalJson.write(content())}, written directly in key order: verification of a large log
     * spends its time here. A test keeps the two equal.
     */
    String canonicalContent() {
        StringBuilder out = new StringBuilder(input.length() + reasons.length() + obligations.length() + firedRules.length() + 640);
        out.append("{\"action\":");
        string(out, action);
        out.append(",\"actor\":{\"roles\":[");
        for (int i = 0; i < actorRoles.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, actorRoles.get(i));
        }
        out.append("],\"sub\":");
        string(out, actorSub);
        out.append(",\"tenant\":");
        string(out, actorTenant);
        out.append("},\"customerId\":");
        string(out, customerId);
        out.append(",\"decidedAt\":");
        string(out, decidedAt);
        out.append(",\"decisionId\":");
        string(out, decisionId);
        out.append(",\"durationMicros\":").append(durationMicros);
        out.append(",\"firedRules\":").append(firedRules);
        out.append(",\"input\":").append(input);
        out.append(",\"kind\":");
        string(out, kind);
        out.append(",\"maskedFields\":").append(maskedFields);
        out.append(",\"obligations\":").append(obligations);
        out.append(",\"outcome\":");
        string(out, outcome);
        out.append(",\"partnerId\":");
        string(out, partnerId);
        out.append(",\"previousHash\":");
        string(out, previousHash);
        out.append(",\"reasons\":").append(reasons);
        out.append(",\"rulesVersion\":");
        string(out, rulesVersion);
        out.append(",\"sequence\":").append(sequence);
        out.append(",\"service\":");
        string(out, service);
        out.append(",\"subscriptionId\":");
        string(out, subscriptionId);
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
        } else {
            CanonicalJson.string(out, s);
        }
    }

    static Object parse(JsonMapper json, String text) {
        try {
            return json.readValue(text, Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON column is not valid JSON", e);
        }
    }
}
