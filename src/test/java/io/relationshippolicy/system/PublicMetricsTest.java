package io.relationshippolicy.system;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where configured so, /metrics is open without a token; the bench yardstick endpoint answers when enabled. */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.metrics.public", value = "true")
@Property(name = "policy.bench.enabled", value = "true")
class PublicMetricsTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void metricsAreOpenWhenConfiguredPublic() {
        Api.Response response = new Api(client).get("/metrics", null);
        assertEquals(200, response.status());
        assertTrue(response.<String>get("raw").contains("policy_rules_info{version=\"sha256:"), response.body().toString());
    }

    @Test
    void theBareBenchEndpointAnswersPartnersOnlyWhenEnabled() {
        Api api = new Api(client);
        assertEquals(401, api.get("/api/v1/bench/bare", null).status());
        Api.Response bare = api.post("/api/v1/bench/bare", Map.of("partnerId", "P-1", "customerId", "C-1", "action", "BILLING"), partner("P-1"));
        assertEquals(200, bare.status());
        assertEquals("P-1", bare.get("partnerId"));
    }
}
