package io.relationshippolicy.relationship;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.DirectoryFixture;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POLICY_LINK_BASE_URL} is where links lead; the signature covers the partner and the key, not the host,
 * so a link sent while the service had another address is still accepted after the address changed.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.link.base-url", value = "https://partners.example.com/")
class LinksSurviveABaseChangeTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    RequestLinks links;

    @Test
    void linksLeadToTheConfiguredBaseAndOldOnesStillWork() {
        Api api = new Api(client);
        DirectoryFixture world = new DirectoryFixture(api);
        String partner = world.csp("P-BASE", "Contoso");
        String customer = world.customer("C-BASE", "Northwind");

        String link = world.link(partner);
        assertTrue(link.startsWith("https://partners.example.com/relationship-requests/accept?partner=" + partner + "&key="), link);

        String sentBeforeTheMove = link.replace("https://partners.example.com", "http://localhost:8080");
        Api.Response accepted = api.post("/api/v1/customers/" + customer + "/relationship-acceptances",
                Map.of("link", sentBeforeTheMove, "services", List.of("AZURE")), TestTokens.customerAdmin(customer));
        assertEquals("ALLOW", accepted.get("outcome"), accepted.body().toString());
    }

    @Test
    void aBaseConfiguredWithTheAcceptancePathNamesTheSamePage() {
        assertEquals("https://partners.example.com", links.base());
        RequestLinks legacy = new RequestLinks(null, "https://partners.example.com/relationship-requests/accept", null);
        assertEquals("https://partners.example.com", legacy.base());
    }
}
