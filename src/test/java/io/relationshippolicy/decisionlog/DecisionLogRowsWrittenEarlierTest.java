package io.relationshippolicy.decisionlog;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.auditor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two rows exactly as the service has always stored them, with hashes computed by the auditors' script
 * (docs/verify-decision-log.py), not by the service: verification, the CSV export and an auditor's re-hash of the
 * NDJSON export must keep accepting them whatever the service's own types look like.
 */
@MicronautTest(environments = "test", transactional = false)
class DecisionLogRowsWrittenEarlierTest {

    static final String HASH_1 = "sha256:0a71b8606d24f8c63f496547c0cf012188db4d8f33d5c2d5e08361773d202061";
    static final String HASH_2 = "sha256:d2618f680aae9fb56b302d1866805cf4741077de26fbcaf6fba275f03deea754";

    @Inject
    Database database;

    @Inject
    DecisionLogVerifier verifier;

    @Inject
    DecisionLogCheckpoints checkpoints;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @BeforeEach
    void twoRowsWrittenEarlier() throws IOException {
        sql("DELETE FROM decision_log_code");
        sql("DELETE FROM decision_log");
        Files.deleteIfExists(checkpoints.folder().resolve(DecisionLogCheckpoints.FILE));
        insert(1, "5f0c7c1e-2b7a-4c1e-9a53-0d7e3f1a2b01", "AUTHORIZATION", "DENY", "2026-11-21T10:00:00Z", "P-1", "C-1", "READ",
                null, null, "=cmd", "P-1", "AUDITOR,PARTNER", ",NO_RULE_ALLOWS,",
                "{\"request\":{\"body\":\"masked:sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\","
                        + "\"flag\":false,\"n\":7,\"none\":null,\"note\":\"tab\\t quote \\\" é ✓ 😀 \\u0001\"}}",
                "[{\"clause\":\"C1\",\"code\":\"NO_RULE_ALLOWS\",\"partnerId\":null,\"ruleId\":null,\"service\":null}]",
                "[]", "[\"AUTH-001\"]", "[\"request.body\"]", 42, EntryHashing.GENESIS, HASH_1);
        insert(2, "5f0c7c1e-2b7a-4c1e-9a53-0d7e3f1a2b02", "ACCEPTANCE", "ALLOW", "2026-11-21T10:00:00.123Z", "P-2", "C-1", null,
                "AZURE", "S-1", "customer-admin", "C-1", "", ",NOTIFY_PARTNER,",
                "{\"facts\":[],\"request\":{\"services\":[\"AZURE\"]}}", "[]",
                "[{\"clause\":\"C9\",\"code\":\"NOTIFY_PARTNER\",\"partnerId\":\"P-2\",\"ruleId\":\"ACC-009\",\"service\":\"AZURE\"}]",
                "[\"ACC-001\",\"ACC-009\"]", "[]", 1234567, HASH_1, HASH_2);
        sql("INSERT INTO decision_log_code (code, sequence) VALUES ('NO_RULE_ALLOWS', 1)");
        sql("INSERT INTO decision_log_code (code, sequence) VALUES ('NOTIFY_PARTNER', 2)");
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE decision_log_head SET last_sequence = 2, last_hash = ?, last_decided_at = ? WHERE id = 1")) {
                ps.setString(1, HASH_2);
                ps.setObject(2, OffsetDateTime.parse("2026-11-21T10:00:00.123Z"));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void theyStillVerify() {
        DecisionLogVerifier.Verification v = verifier.verify(List.of());
        assertTrue(v.valid(), v.toString());
        assertEquals(2, v.entriesChecked());
    }

    @Test
    void theirCsvExportIsTheSameBytes() {
        HttpResponse<String> csv = client.toBlocking().exchange(HttpRequest.GET("/api/v1/decision-log/export?format=csv")
                .bearerAuth(auditor()), String.class);
        assertEquals("sequence,decisionId,decidedAt,kind,outcome,partnerId,customerId,action,service,subscriptionId,actorSub,"
                + "actorTenant,actorRoles,rulesVersion,reasonCodes,obligationCodes,durationMicros,input,reasons,obligations,firedRules,"
                + "maskedFields,previousHash,hash\r\n"
                + "1,5f0c7c1e-2b7a-4c1e-9a53-0d7e3f1a2b01,2026-11-21T10:00:00Z,AUTHORIZATION,DENY,P-1,C-1,READ,,,\"'=cmd\",P-1,"
                + "\"AUDITOR,PARTNER\",sha256:legacy,NO_RULE_ALLOWS,,42,\"{\"\"request\"\":{\"\"body\"\":\"\"masked:sha256:"
                + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"\",\"\"flag\"\":false,\"\"n\"\":7,\"\"none\"\":null,"
                + "\"\"note\"\":\"\"tab\\t quote \\\"\" é ✓ 😀 \\u0001\"\"}}\",\"[{\"\"clause\"\":\"\"C1\"\",\"\"code\"\":\"\"NO_RULE_ALLOWS\"\","
                + "\"\"partnerId\"\":null,\"\"ruleId\"\":null,\"\"service\"\":null}]\",[],\"[\"\"AUTH-001\"\"]\",\"[\"\"request.body\"\"]\","
                + EntryHashing.GENESIS + "," + HASH_1 + "\r\n"
                + "2,5f0c7c1e-2b7a-4c1e-9a53-0d7e3f1a2b02,2026-11-21T10:00:00.123Z,ACCEPTANCE,ALLOW,P-2,C-1,,AZURE,S-1,customer-admin,C-1,,"
                + "sha256:legacy,,NOTIFY_PARTNER,1234567,\"{\"\"facts\"\":[],\"\"request\"\":{\"\"services\"\":[\"\"AZURE\"\"]}}\",[],"
                + "\"[{\"\"clause\"\":\"\"C9\"\",\"\"code\"\":\"\"NOTIFY_PARTNER\"\",\"\"partnerId\"\":\"\"P-2\"\",\"\"ruleId\"\":\"\"ACC-009\"\","
                + "\"\"service\"\":\"\"AZURE\"\"}]\",\"[\"\"ACC-001\"\",\"\"ACC-009\"\"]\",[]," + HASH_1 + "," + HASH_2 + "\r\n", csv.body());
    }

    @Test
    void theirNdjsonExportReHashesAsTheAuditorsDocumentSays() throws Exception {
        HttpResponse<String> ndjson = client.toBlocking().exchange(HttpRequest.GET("/api/v1/decision-log/export?format=ndjson")
                .bearerAuth(auditor()), String.class);
        String[] lines = ndjson.body().split("\n");
        assertEquals(2, lines.length);
        for (String line : lines) {
            @SuppressWarnings("unchecked") Map<String, Object> e = json.readValue(line, Map.class);
            assertEquals(e.get("hash"), AuditorCheck.hashOf(e));
        }
    }

    private void insert(long sequence, String decisionId, String kind, String outcome, String decidedAt, String partnerId,
                        String customerId, String action, String service, String subscriptionId, String actorSub, String actorTenant,
                        String actorRoles, String reasonCodes, String input, String reasons, String obligations, String firedRules,
                        String maskedFields, long durationMicros, String previousHash, String hash) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_log (sequence, decision_id, kind, outcome, decided_at, "
                    + "rules_version, partner_id, customer_id, action, service, subscription_id, actor_sub, actor_tenant, actor_roles, "
                    + "reason_codes, input, reasons, obligations, fired_rules, masked_fields, duration_micros, previous_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, 'sha256:legacy', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 1;
                ps.setLong(i++, sequence);
                ps.setString(i++, decisionId);
                ps.setString(i++, kind);
                ps.setString(i++, outcome);
                ps.setObject(i++, OffsetDateTime.parse(decidedAt));
                for (String text : new String[]{partnerId, customerId, action, service, subscriptionId, actorSub, actorTenant, actorRoles,
                        reasonCodes, input, reasons, obligations, firedRules, maskedFields}) {
                    ps.setString(i++, text);
                }
                ps.setLong(i++, durationMicros);
                ps.setString(i++, previousHash);
                ps.setString(i, hash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void sql(String statement) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.executeUpdate();
            }
            return null;
        });
    }
}
