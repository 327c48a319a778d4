package io.relationshippolicy.relationship;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.relationshippolicy.support.TestTokens.customerAdmin;
import static io.relationshippolicy.support.TestTokens.operator;
import static io.relationshippolicy.support.TestTokens.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POLICY_LINK_SECRET signs the links instead of a generated key: every installation configured with it
 * issues the same link; it is rotated by setting a new value and listing the old one as retired, after
 * which links signed with the old value are refused with a reason that says so.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.link.secret", value = ConfiguredLinkSecretTest.CURRENT)
@Property(name = "policy.link.retired-secrets", value = ConfiguredLinkSecretTest.PREVIOUS)
class ConfiguredLinkSecretTest {

    static final String CURRENT = "link-secret-now-in-use-for-the-test-suite-0123";
    static final String PREVIOUS = "link-secret-used-before-rotation-in-the-tests-4567";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Database database;

    @Inject
    SigningKeyRepository signingKeys;

    @Inject
    InstallationLockRepository locks;

    @Inject
    RequestLinks links;

    Api api;
    String partnerId;
    String customerId;

    @BeforeEach
    void directory() {
        api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        partnerId = world.advisor("P", "Contoso");
        customerId = world.customer("C", "Northwind");
    }

    /** The link an installation configured with {@code secret} alone issues. */
    private String linkSignedWith(String secret) {
        return new RequestLinks(new LinkSigningKeys(database, signingKeys, locks, secret, null), links.base(), null).linkFor(partnerId);
    }

    private Api.Response accept(String link) {
        return api.post("/api/v1/customers/" + customerId + "/relationship-acceptances",
                Map.of("link", link, "services", List.of("AZURE")), customerAdmin(customerId));
    }

    @Test
    void theConfiguredSecretSignsTheLinksSoEveryInstanceIssuesTheSameOne() {
        Api.Response issued = api.get("/api/v1/partners/" + partnerId + "/relationship-request", partner(partnerId));
        assertEquals(linkSignedWith(CURRENT), issued.get("link"));
        assertEquals("ALLOW", accept(issued.get("link")).get("outcome"));
    }

    @Test
    void linksSignedWithTheRetiredSecretAreRefusedAndSaySo() {
        Api.Response refused = accept(linkSignedWith(PREVIOUS));
        assertEquals("DENY", refused.get("outcome"));
        assertEquals(List.of("LINK_SIGNED_WITH_RETIRED_SECRET"), refused.codes("reasons"));
    }

    @Test
    void linksSignedWithAnUnknownSecretAreInvalid() {
        Api.Response refused = accept(linkSignedWith("a-secret-this-installation-never-had-89abcdef"));
        assertEquals("DENY", refused.get("outcome"));
        assertEquals(List.of("LINK_INVALID"), refused.codes("reasons"));
    }

    @Test
    void rotationThroughTheApiExplainsHowToRotateAConfiguredSecret() {
        Api.Response r = api.post("/api/v1/link-keys/rotation", Map.of(), operator());
        assertEquals(409, r.status());
        assertTrue(((String) r.get("detail")).contains("POLICY_LINK_RETIRED_SECRETS"), r.body().toString());
    }
}
