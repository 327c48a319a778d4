package io.relationshippolicy.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.decisionlog.DecisionLogCheckpoints;
import io.relationshippolicy.relationship.RelationshipService;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.support.Browser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An auditor's walk through the console in a real browser: a search with filters and the API's cursor, one
 * decision with its place in the chain and its neighbours, the replay against the active rules, a customer's
 * timeline, a filter the API would refuse, the verification of the chain with its checkpoints, the export of a
 * search, and the console in French. Every page is checked with axe-core and photographed.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.jwt.secret", value = "")
@Property(name = "policy.demo-data.enabled", value = "true")
@Property(name = "policy.data-dir", value = "target/test-data/console")
class AuditorConsoleInBrowserTest {

    static final String AUDITOR = "ada@audit.example";
    static final Caller TAILSPIN = new Caller("tara@tailspin.example", "P-TAILSPIN", Set.of(Roles.PARTNER));
    static final Caller MUNICH_ADMIN = new Caller("max.admin@munich.example", "C-MUNICH", Set.of(Roles.CUSTOMER_ADMIN));

    @Inject
    EmbeddedServer server;

    @Inject
    RelationshipService relationships;

    @Inject
    DecisionLogCheckpoints checkpoints;

    Browser browser;

    @BeforeEach
    void browser() {
        browser = new Browser(server.getURL().toString(), "en");
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void anAuditorSearchesReadsReplaysFollowsATimelineVerifiesAndExports() throws Exception {
        // three request links for Tailspin and one acceptance by Munich Motors: four decisions in the log
        String first = relationships.issueLink(TAILSPIN, "P-TAILSPIN").entry().decisionId();
        String second = relationships.issueLink(TAILSPIN, "P-TAILSPIN").entry().decisionId();
        var third = relationships.issueLink(TAILSPIN, "P-TAILSPIN");
        String acceptance = relationships.accept(MUNICH_ADMIN, "C-MUNICH", third.result().link(), List.of("AZURE")).entry().decisionId();
        checkpoints.take();

        browser.open("/");
        browser.signInAs(AUDITOR);
        browser.click("#nav-console");
        assertEquals("/console/decisions", browser.path());
        browser.review("30-console-search");

        // a search with filters, two entries a page: newest first
        browser.find("#f-partner").sendKeys("P-TAILSPIN");
        new Select(browser.find("#f-kind")).selectByValue("LINK_ISSUED");
        browser.find("#f-limit").sendKeys("2");
        browser.click("#search-submit");
        assertEquals(List.of(third.entry().decisionId(), second), decisionIds());
        assertEquals("P-TAILSPIN", browser.find("#f-partner").getAttribute("value"), "the filters stay in the form");
        browser.review("31-console-search-filtered");

        // the next page continues after the last entry shown, by the API's cursor
        String next = browser.find("#next-page").getAttribute("href");
        assertTrue(next.contains("cursor=") && next.contains("partnerId=P-TAILSPIN") && next.contains("kind=LINK_ISSUED"), next);
        browser.click("#next-page");
        assertEquals(first, decisionIds().get(0));
        assertFalse(browser.findAll("#first-page").isEmpty(), "a later page links back to the newest entries");

        // one decision: outcome, input as logged, place in the chain, neighbours
        browser.click("#entries tr[data-decision-id='" + first + "'] a.entry-link");
        assertEquals("/console/decisions/" + first, browser.path());
        assertEquals("ALLOW", browser.find(".decision").getAttribute("data-outcome"));
        assertTrue(browser.text("#input").contains("\"partner\""), browser.text("#input"));
        assertTrue(browser.text("#actor").contains("tara@tailspin.example"));
        assertFalse(browser.text("#fired-rules").isBlank(), "the rules that fired are named");
        String hash = browser.text("#hash");
        long sequence = Long.parseLong(browser.text("#sequence"));
        assertTrue(hash.startsWith("sha256:"), hash);
        browser.review("32-console-decision");
        browser.click("#next-entry");
        assertEquals(sequence + 1, Long.parseLong(browser.text("#sequence")));
        assertEquals(hash, browser.text("#previous-hash"), "the next entry names this one's hash");
        browser.click("#previous-entry");
        assertEquals(sequence, Long.parseLong(browser.text("#sequence")));

        // replayed against the active rules: decided the same way, nothing logged
        browser.click("#replay");
        assertEquals("true", browser.find("#replay-verdict").getAttribute("data-same"));
        assertEquals("ALLOW", browser.find("#replayed-outcome").getAttribute("data-outcome"));
        browser.review("33-console-replay");

        // the customer's timeline holds the acceptance, which links to its detail
        browser.open("/console/customers/C-MUNICH/timeline");
        assertTrue(decisionIds().contains(acceptance), decisionIds().toString());
        browser.review("34-console-timeline");
        browser.click("#entries tr[data-decision-id='" + acceptance + "'] a.entry-link");
        assertEquals("C-MUNICH", browser.text("#customer-timeline"));
        browser.click("#partner-timeline");
        assertEquals("/console/partners/P-TAILSPIN/timeline", browser.path());
        assertTrue(decisionIds().containsAll(List.of(acceptance, first, second)));

        // a filter the API refuses is explained on the page, with the API's words
        browser.open("/console/decisions?from=yesterday");
        assertEquals("'from' must be an ISO-8601 date-time with an offset, such as 2026-11-21T10:00:00Z, not 'yesterday'.",
                browser.text("#filter-problem"));
        assertEquals("yesterday", browser.find("#f-from").getAttribute("value"));
        browser.review("35-console-bad-filter");

        // the verification walks the chain and lists the signed checkpoints
        browser.click("#console-verification");
        assertEquals("true", browser.find("#checkpoints tbody tr").getAttribute("data-verified"));
        browser.review("36-console-verification");
        browser.click("#verify");
        assertEquals("true", browser.find("#verification-result").getAttribute("data-valid"));
        assertTrue(Long.parseLong(browser.text("#entries-checked")) >= 4);
        assertEquals("0", browser.text("#checkpoints-rejected"));
        browser.review("37-console-verified");

        // the downloads, with the session of the browser
        HttpResponse<String> key = download("/console/verification/public-key");
        assertEquals(200, key.statusCode());
        assertEquals(checkpoints.publicKey(), key.body().strip());
        HttpResponse<String> listed = download(browser.find("#download-checkpoints").getAttribute("href"));
        assertEquals(200, listed.statusCode());
        assertTrue(listed.body().contains("\"checkpoints\"") && listed.body().contains(checkpoints.keyId()), listed.body());

        // the export of a search: the same filters, every matching entry, oldest first
        browser.open("/console/decisions?partnerId=P-TAILSPIN&kind=LINK_ISSUED&limit=2");
        HttpResponse<String> csv = download(browser.find("#export-csv").getAttribute("href"));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("sequence,decisionId,"), csv.body());
        assertTrue(csv.body().indexOf(first) < csv.body().indexOf(second), "oldest first");
        assertFalse(csv.body().contains(acceptance), "only the entries of the filter");
        HttpResponse<String> ndjson = download(browser.find("#export-ndjson").getAttribute("href"));
        assertEquals(200, ndjson.statusCode());
        List<String> lines = ndjson.body().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains(third.entry().decisionId()), "the newest is the last line");
        assertTrue(lines.stream().allMatch(l -> l.contains("\"kind\":\"LINK_ISSUED\"") && l.contains("\"partnerId\":\"P-TAILSPIN\"")));
    }

    @Test
    void theConsoleReadsInFrench() {
        relationships.issueLink(TAILSPIN, "P-TAILSPIN");
        browser.close();
        browser = new Browser(server.getURL().toString(), "fr");
        browser.open("/");
        browser.signInAs(AUDITOR);
        browser.click("#home-console");
        assertEquals("fr", browser.find("html").getAttribute("lang"));
        assertEquals("Décisions", browser.text("h1"));
        browser.click("#entries a.entry-link");
        assertTrue(browser.text("h1").startsWith("Décision "), browser.text("h1"));
        browser.review("38-console-decision-fr");
        browser.click("#console-verification");
        assertEquals("Vérifier le journal des décisions", browser.text("h1"));
        browser.click("#verify");
        assertEquals("Le journal des décisions est intact.", browser.text("#result-title"));
        browser.review("39-console-verification-fr");
    }

    private List<String> decisionIds() {
        return browser.findAll("#entries tbody tr").stream().map(r -> r.getAttribute("data-decision-id")).toList();
    }

    private HttpResponse<String> download(String pathOrUrl) throws IOException, InterruptedException {
        Cookie session = browser.driver().manage().getCookieNamed(PageSessions.COOKIE);
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : server.getURL() + pathOrUrl);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Cookie", PageSessions.COOKIE + "=" + session.getValue()).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
