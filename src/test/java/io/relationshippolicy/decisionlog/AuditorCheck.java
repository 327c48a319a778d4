package io.relationshippolicy.decisionlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What docs/decision-log.md tells an auditor to do with an exported entry, written from the document:
 * keep the hashed fields, drop the messages of reasons and obligations, hash previousHash + "\n" +
 * canonical JSON.
 */
final class AuditorCheck {

    static final List<String> HASHED = List.of("sequence", "decisionId", "kind", "outcome", "decidedAt", "rulesVersion", "partnerId",
            "customerId", "action", "service", "subscriptionId", "actor", "input", "reasons", "obligations", "firedRules",
            "maskedFields", "durationMicros", "previousHash");

    private AuditorCheck() {
    }

    @SuppressWarnings("unchecked")
    static String hashOf(Map<String, Object> exported) throws Exception {
        Map<String, Object> content = new LinkedHashMap<>();
        for (String field : HASHED) {
            Object value = exported.get(field);
            if (field.equals("reasons") || field.equals("obligations")) {
                value = ((List<Map<String, Object>>) value).stream().map(item -> {
                    Map<String, Object> copy = new LinkedHashMap<>(item);
                    copy.remove("message");
                    return copy;
                }).toList();
            }
            content.put(field, value);
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = sha.digest((exported.get("previousHash") + "\n" + CanonicalJson.write(content)).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest);
    }
}
