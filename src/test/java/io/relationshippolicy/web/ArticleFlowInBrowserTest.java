package io.relationshippolicy.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Browser;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The article's flow in a real browser, as a newcomer runs it after {@code ./mvnw mn:run}: the demo directory,
 * demo identities on the sign-in page, the partner's request email and link, the customer opening the link,
 * signing in and accepting, a C8 denial, a removal with the obligations that survive, and the partner's customer
 * list. Every page is checked with axe-core and photographed under {@code target/screenshots/}; every action is
 * one decision with one log entry.
 */
@MicronautTest(environments = "test", transactional = false)
@Property(name = "policy.jwt.secret", value = "")
@Property(name = "policy.demo-data.enabled", value = "true")
@Property(name = "policy.data-dir", value = "target/test-data/browser")
class ArticleFlowInBrowserTest {

    static final String CONTOSO = "ana@contoso.example";
    static final String FABRIKAM = "femi@fabrikam.example";
    static final String NORTHWIND_ADMIN = "nora.admin@northwind.example";
    static final String NORTHWIND_USER = "nick.user@northwind.example";

    @Inject
    EmbeddedServer server;

    @Inject
    Database database;

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
    void partnerSendsTheLinkAndTheCustomerAcceptsRemovesAndIsListed() {
        browser.open("/");
        browser.review("01-home");

        // the partner takes its request email (C4, C5): one LINK_ISSUED decision
        browser.signInAs(CONTOSO);
        assertEquals("/", browser.path(), "without a page to return to, sign-in leads to the start page");
        long before = entries();
        browser.open("/partner/request-email");
        assertEquals(before + 1, entries(), "taking the request email is one logged decision");
        browser.review("02-partner-request-email");
        List<WebElement> paragraphs = browser.findAll("#email .paragraph");
        assertEquals(3, paragraphs.size());
        assertTrue(paragraphs.get(2).getAttribute("class").contains("fixed"), "the link's paragraph is not editable");
        String link = browser.find("#request-link").getAttribute("value");
        assertTrue(paragraphs.get(2).getText().contains(link), "the link is in the paragraph that may not be edited");
        assertTrue(link.startsWith(server.getURL() + "/relationship-requests/accept?partner=P-CONTOSO&"), link);
        browser.click("#copy-link");
        browser.waitFor("#copy-link[data-state='copied']");
        assertEquals("Copied", browser.text(".copy-status"));

        // the partner checks an edited email: the link intact, then altered (C4)
        before = entries();
        browser.find("#check-body").sendKeys("Hi Ana, as promised: " + link);
        browser.click("#check-email");
        browser.waitFor("#check-verdict");
        assertEquals("true", browser.find("#check-verdict").getAttribute("data-intact"));
        assertEquals(before + 1, entries(), "a check is one logged decision, and the link is not issued again");
        browser.review("03-partner-email-check");
        browser.signOut();

        // the customer opens the link: who asks, what DAP gives and does not (C2, C3); then signs in (C6)
        browser.open(link);
        assertTrue(browser.text("h1").contains("Contoso Cloud Services"), browser.text("h1"));
        assertTrue(browser.text("main").contains("(C2)") && browser.text("main").contains("(C3)"));
        browser.review("04-acceptance-signed-out");
        browser.click("#sign-in-to-accept");
        browser.review("05-sign-in");
        browser.find("button[data-sub='" + NORTHWIND_ADMIN + "']").click();
        assertTrue(browser.path().startsWith("/relationship-requests/accept?partner=P-CONTOSO&"), "back on the link's page: " + browser.path());
        browser.review("06-acceptance-signed-in");

        // accept Microsoft 365 and Azure: ALLOW, both granted (C9)
        before = entries();
        browser.click("#service-MICROSOFT_365");
        browser.click("#service-AZURE");
        browser.click("#accept");
        assertEquals("ALLOW", browser.find(".decision").getAttribute("data-outcome"));
        assertEquals(List.of("MICROSOFT_365", "AZURE"), browser.findAll("#granted li").stream().map(e -> e.getAttribute("data-service")).toList());
        assertEquals(before + 1, entries(), "an acceptance is one logged decision");
        browser.review("07-acceptance-decision");

        // the partner now sees the customer in its list (C9)
        browser.signInAs(CONTOSO);
        browser.open("/partner/customers");
        assertEquals(1, browser.findAll("#customers tr[data-customer='C-NORTHWIND']").size());
        browser.review("08-partner-customer-list");

        // Fabrikam, another CSP partner, asks for Microsoft 365 too: C8 denies it
        browser.signInAs(FABRIKAM);
        browser.open("/partner/request-email");
        String fabrikamLink = browser.find("#request-link").getAttribute("value");
        browser.signInAs(NORTHWIND_ADMIN);
        browser.open(fabrikamLink);
        browser.click("#service-MICROSOFT_365");
        browser.click("#accept");
        assertEquals("DENY", browser.find(".decision").getAttribute("data-outcome"));
        assertEquals("MICROSOFT_365", browser.find("#denied li[data-service]").getAttribute("data-service"));
        assertFalse(browser.findAll("#denied li[data-code='ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE']").isEmpty());
        browser.review("09-acceptance-c8-denied");

        // the customer reviews its partners (C7) and removes Contoso's DAP for Azure (C10), told what survives
        browser.click("main a[href='/customer/partner-relationships']");
        WebElement azure = browser.find("section[data-partner='P-CONTOSO'] tr[data-service='AZURE']");
        assertEquals("true", azure.findElement(org.openqa.selenium.By.cssSelector(".dap")).getAttribute("data-value"));
        browser.review("10-partner-relationships");
        azure.findElement(org.openqa.selenium.By.cssSelector("a.remove-service")).click();
        assertTrue(browser.text("#survives").contains("(C11)") && browser.text("#survives").contains("(C13)"));
        browser.review("11-removal-confirmation");
        before = entries();
        browser.click("#confirm-removal");
        assertEquals("ALLOW", browser.find(".decision").getAttribute("data-outcome"));
        List<String> obligations = browser.findAll(".obligations li").stream().map(e -> e.getAttribute("data-code")).toList();
        assertTrue(obligations.containsAll(List.of("SUPPORT_CUSTOMER", "HONOR_RESELLER_AGREEMENT", "SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST")), obligations.toString());
        assertEquals(before + 1, entries(), "a removal is one logged decision");
        browser.review("12-removal-decision");

        // afterwards: the relationship stays, Azure is still transacted, its DAP is gone (C11)
        browser.open("/customer/partner-relationships");
        WebElement after = browser.find("section[data-partner='P-CONTOSO'] tr[data-service='AZURE']");
        assertEquals("false", after.findElement(org.openqa.selenium.By.cssSelector(".dap")).getAttribute("data-value"));
        assertEquals("true", after.findElement(org.openqa.selenium.By.cssSelector(".transacting")).getAttribute("data-value"));
        assertEquals("Active", browser.find("section[data-partner='P-CONTOSO'] .state").getText(), "the relationship survives the removal");
    }

    @Test
    void aCustomerUserWhoIsNotAnAdministratorGetsTheLoggedDenialExplained() {
        String link = partnerLink(CONTOSO);
        browser.signInAs(NORTHWIND_USER);
        browser.open(link);
        browser.click("#service-INTUNE");
        long before = entries();
        browser.click("#accept");
        assertEquals("DENY", browser.find(".decision").getAttribute("data-outcome"));
        assertFalse(browser.findAll(".reasons li[data-code='ACCEPTOR_NOT_CUSTOMER_ADMIN']").isEmpty());
        assertFalse(browser.text(".reasons li").isBlank(), "the reason is explained in words");
        assertEquals(before + 1, entries(), "the denial is logged");
        browser.review("13-acceptance-not-admin");
    }

    @Test
    void aTamperedLinkShowsWhyItIsRefused() {
        String link = partnerLink(CONTOSO);
        browser.signOut();
        String tampered = link.replace("partner=P-CONTOSO", "partner=P-FABRIKAM");
        long before = entries();
        browser.open(tampered);
        assertEquals("accept.link.BAD_SIGNATURE", browser.find("#link-problem").getAttribute("data-status"));
        assertTrue(browser.findAll("#accept-form").isEmpty(), "no acceptance is offered on a tampered link");
        assertEquals(before, entries(), "opening a link decides nothing");
        browser.review("14-tampered-link");
    }

    @Test
    void theWholeAcceptanceReadsInBrazilianPortuguese() {
        String link = partnerLink(CONTOSO);
        browser.signOut();
        browser.open(link);
        browser.click(".languages a[hreflang='pt-BR']");
        assertEquals("pt-BR", browser.find("html").getAttribute("lang"));
        assertTrue(browser.text("h1").startsWith("Solicitação de relação de"), browser.text("h1"));
        browser.click("#sign-in-to-accept");
        assertEquals("Entrar", browser.text("h1"));
        browser.find("button[data-sub='" + NORTHWIND_ADMIN + "']").click();
        browser.click("#service-DYNAMICS_365");
        browser.click("#accept");
        assertEquals("ALLOW", browser.find(".decision").getAttribute("data-outcome"));
        assertEquals("Permitido", browser.text(".decision .outcome"));
        assertEquals("pt-BR", browser.find("html").getAttribute("lang"), "the choice is remembered from page to page");
        browser.review("15-acceptance-pt-BR");
    }

    private String partnerLink(String partner) {
        browser.signInAs(partner);
        browser.open("/partner/request-email");
        return browser.find("#request-link").getAttribute("value");
    }

    private long entries() {
        return database.read(c -> {
            try (ResultSet rs = c.prepareStatement("select count(*) from decision_log").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
