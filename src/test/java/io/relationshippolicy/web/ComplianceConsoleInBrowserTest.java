package io.relationshippolicy.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.relationshippolicy.support.Browser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compliance team's and operators' console in a real browser, with the demo directory: Carl reads the
 * catalogue, breaks a rule in the workspace and is shown the error at its line, fixes it, validates it with its
 * impact on the decisions logged so far, activates it after a confirmation naming its version, finds it among the
 * versions and compares it with the one before; the live page counts the decisions; Olga creates a partner and is
 * told, in French, why a partner without a valid id is refused. The service runs on a copy of the rules folder,
 * never on the repository's own. Every page is checked with axe-core and photographed under {@code target/screenshots/}.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "policy.jwt.secret", value = "")
@Property(name = "policy.demo-data.enabled", value = "true")
@Property(name = "policy.data-dir", value = "target/test-data/console-browser")
class ComplianceConsoleInBrowserTest implements TestPropertyProvider {

    static final String CARL = "carl@compliance.example";
    static final String OLGA = "olga@operations.example";
    static final String CONTOSO = "ana@contoso.example";
    static final String LINK_RULES = "relationships/link/link.drl";

    @Inject
    EmbeddedServer server;

    Browser browser;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("policy.rules.path", copyOfRules().toString(), "policy.rules.follow.enabled", "false");
    }

    @BeforeEach
    void browser() {
        browser = new Browser(server.getURL().toString(), "en");
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void theComplianceTeamChangesARuleFromCatalogueToLiveAndAnOperatorKeepsTheDirectory() {
        // a decision to replay: Contoso takes its request email
        browser.signInAs(CONTOSO);
        browser.open("/partner/request-email");

        // the catalogue: each rule with its clause, the cases that fire it and its text
        browser.signInAs(CARL);
        browser.click("a[href='/compliance/rules']");
        browser.review("40-compliance-rules");
        WebElement rule = browser.find("#rule-LNK-001");
        assertEquals("C5", rule.findElement(org.openqa.selenium.By.cssSelector(".clause")).getText());
        assertFalse(rule.findElements(org.openqa.selenium.By.cssSelector(".cases li")).isEmpty(), "scenario cases fire LNK-001");
        assertTrue(browser.find("#rule-LNK-001 pre.source").getAttribute("textContent").contains("@id(\"LNK-001\")"));
        assertEquals("relationships/link", browser.find("#rule-LNK-001").findElement(org.openqa.selenium.By.xpath("..")).getAttribute("data-area"));

        // a misspelt field: validation names the file and the line, beside the numbered text
        browser.click("a[href='/compliance/workspace']");
        browser.review("41-compliance-workspace");
        browser.click("#candidate-files li[data-file='" + LINK_RULES + "'] a");
        String original = browser.find("#file-text").getAttribute("value");
        edit(original.replace("Partner( id == $partner )", "Partner( idd == $partner )"));
        assertEquals("changed", browser.find("#candidate-files li[data-file='" + LINK_RULES + "']").getAttribute("data-state"));
        browser.click("#validate");
        assertEquals("false", browser.find("#validation").getAttribute("data-compiles"));
        WebElement error = browser.find("#errors li[data-file='" + LINK_RULES + "']");
        assertEquals("14", error.getAttribute("data-line"));
        assertTrue(error.getText().contains("idd"), error.getText());
        assertTrue(browser.find("#line-14").getAttribute("class").contains("has-error"), "the line is marked in the numbered text");
        browser.review("42-compliance-compile-error");

        // fixed and reworded: it compiles, every scenario passes, and the logged decisions are replayed
        edit(original.replace("the same one on every call", "identical on every call"));
        browser.click("#validate");
        assertEquals("true", browser.find("#validation").getAttribute("data-activatable"));
        assertEquals("0", browser.find("#scenario-counts").getAttribute("data-failed"));
        int replayed = Integer.parseInt(browser.text("#impact-replayed"));
        assertTrue(replayed >= 1, "the request email's decision is replayed");
        assertEquals(replayed, Integer.parseInt(browser.text("#impact-unchanged")), "a reworded name changes no decision");
        browser.review("43-compliance-validated");

        // activation, after a confirmation that names the version and its impact
        browser.click("#go-activate");
        String version = browser.find("input[name='version']").getAttribute("value");
        assertTrue(browser.text("#activate-version").contains(version));
        assertTrue(browser.text("#activate-impact").contains(Integer.toString(replayed)));
        browser.review("44-compliance-activate-confirmation");
        browser.click("#confirm-activation");
        assertEquals(version, browser.find("#activated").getAttribute("data-version"));
        assertEquals("true", browser.find("#activated").getAttribute("data-changed"));
        browser.review("45-compliance-activated");

        // the versions: the activation with who and when, the attempts, and the difference with the version before
        browser.click("#to-versions");
        WebElement newest = browser.find("#activations tbody tr");
        assertEquals(version, newest.getAttribute("data-version"));
        assertEquals(CARL, newest.getAttribute("data-by"));
        assertFalse(browser.findAll("#attempts tr[data-result='REFUSED'][data-action='VALIDATE']").isEmpty(), "the broken validation is recorded");
        assertFalse(browser.findAll("#attempts tr[data-result='ACTIVATED']").isEmpty());
        browser.review("46-compliance-versions");
        browser.click("#show-diff");
        WebElement diff = browser.find("section.file-diff[data-file='" + LINK_RULES + "']");
        assertEquals(1, browser.findAll("section.file-diff").size(), "only the edited file differs");
        assertTrue(diff.findElement(org.openqa.selenium.By.cssSelector("tr.removed .code")).getText().contains("the same one on every call"));
        assertTrue(diff.findElement(org.openqa.selenium.By.cssSelector("tr.added .code")).getText().contains("identical on every call"));
        assertTrue(diff.findElement(org.openqa.selenium.By.cssSelector("tr.added .mark")).getText().contains("added"), "marked by text");
        browser.review("47-compliance-diff");

        // the live page: decisions counted by kind, and the version now active
        browser.click("a[href='/compliance/live']");
        assertTrue(Long.parseLong(browser.text("#live-total")) >= 1);
        assertFalse(browser.findAll("#live-kinds tr[data-kind='LINK_ISSUED']").isEmpty());
        assertEquals(version, browser.text("#live-rules-version"));
        browser.review("48-compliance-live");

        // an operator creates a partner
        browser.signInAs(OLGA);
        browser.click("a[href='/operator/directory']");
        browser.review("49-operator-directory");
        browser.find("#partner-id").sendKeys("P-NEWCO");
        browser.find("#partner-name").sendKeys("Newco Consulting");
        browser.click("#save-partner");
        assertEquals("partner", browser.find("#done").getAttribute("data-done"));
        assertEquals(1, browser.findAll("#partners tr[data-partner='P-NEWCO']").size());
        browser.review("50-operator-partner-saved");

        // in French: a partner without a usable id is refused, and the page says why
        browser.open("/operator/directory?lang=fr");
        assertEquals("Annuaire", browser.text("h1"));
        browser.find("#partner-id").sendKeys("not an id!");
        browser.find("#partner-name").sendKeys("Nobody");
        browser.click("#save-partner");
        assertEquals("400", browser.find("#refused").getAttribute("data-status"));
        assertTrue(browser.text("#refused-title").startsWith("Non enregistré"));
        assertFalse(browser.text("#refused-detail").isBlank());
        assertTrue(browser.findAll("#partners tr[data-partner='not an id!']").isEmpty());
        browser.review("51-operator-refused-fr");
    }

    /** Puts {@code text} in the editor and keeps it in the candidate. */
    private void edit(String text) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1];", browser.find("#file-text"), text);
        browser.click("#save");
    }

    private static Path copyOfRules() {
        try {
            Path source = Path.of("rules");
            Path target = Files.createTempDirectory("console-rules");
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Path copy = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
