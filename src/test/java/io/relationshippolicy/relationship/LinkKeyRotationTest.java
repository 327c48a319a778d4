package io.relationshippolicy.relationship;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator rotates the generated request-link key: new links use a new key, links signed before are refused and say why (C5). */
@MicronautTest(environments = "test", transactional = false)
class LinkKeyRotationTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void afterRotationOldLinksAreRefusedAsSignedWithARetiredSecretAndNewLinksWork() {
        Api api = new Api(client);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String partnerId = "P-" + run;
        String firstCustomer = "C1-" + run;
        String secondCustomer = "C2-" + run;
        api.putPartner(partnerId, "Contoso", "PUBLIC", "NON_CSP");
        for (String c : List.of(firstCustomer, secondCustomer)) {
            api.putCustomer(c, "Customer", "PUBLIC");
        }
        String oldLink = link(api, partnerId);

        Api.Response rotation = api.post("/api/v1/link-keys/rotation", Map.of(), operator());
        assertEquals(200, rotation.status(), rotation.body().toString());
        String newKey = rotation.get("keyId");
        List<String> retired = rotation.get("retiredKeyIds");
        assertTrue(oldLink.contains("key=" + retired.get(0) + "&"), "the key of the old link is retired: " + retired + " " + oldLink);

        String newLink = link(api, partnerId);
        assertNotEquals(oldLink, newLink);
        assertTrue(newLink.contains("key=" + newKey + "&"), newLink);

        Api.Response refused = accept(api, firstCustomer, oldLink);
        assertEquals(200, refused.status(), "a business outcome");
        assertEquals("DENY", refused.get("outcome"));
        assertEquals(List.of("LINK_SIGNED_WITH_RETIRED_SECRET"), refused.codes("reasons"));
        assertEquals("C5", refused.items("reasons").get(0).get("clause"));
        assertTrue(((String) refused.items("reasons").get(0).get("message")).toLowerCase().contains("retired"),
                "the message says why: " + refused.items("reasons").get(0));

        Api.Response accepted = accept(api, secondCustomer, newLink);
        assertEquals("ALLOW", accepted.get("outcome"), accepted.body().toString());
    }

    private static String link(Api api, String partnerId) {
        Api.Response r = api.get("/api/v1/partners/" + partnerId + "/relationship-request", partner(partnerId));
        assertEquals(200, r.status(), r.body().toString());
        return r.get("link");
    }

    private static Api.Response accept(Api api, String customerId, String link) {
        return api.post("/api/v1/customers/" + customerId + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE")), customerAdmin(customerId));
    }
}
