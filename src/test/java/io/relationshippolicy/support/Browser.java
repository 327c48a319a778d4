package io.relationshippolicy.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real browser for the page tests: Debian's Chromium, headless, driven by its ChromeDriver (both installed by
 * {@code .ci/run} when missing; nothing is downloaded at run time). Every page a test visits can be checked with
 * axe-core (injected by the test, not served by the service) and photographed under {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final WebDriver driver;
    private final String base;
    private final Path profile;

    public Browser(String base, String language) {
        this.base = base;
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            fail("The page tests drive Debian's chromium and chromium-driver: install them with "
                    + "'apt-get install -y chromium chromium-driver' (.ci/run does so when they are missing).");
        }
        try {
            profile = Files.createTempDirectory("browser-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--window-size=1280,1000", "--lang=" + language, "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void click(String css) {
        find(css).click();
    }

    public void waitFor(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** Signs in with a demo identity from whatever page the browser is on, via the header's sign-in link. */
    public void signInAs(String sub) {
        if (!driver.findElements(By.id("sign-out")).isEmpty()) {
            click("#sign-out");
        }
        if (driver.findElements(By.id("sign-in-link")).isEmpty()) {
            open("/");
        }
        click("#sign-in-link");
        find("button[data-sub='" + sub + "']").click();
        // the next page must be opened with the new session's cookie, not while the sign-in is still answering
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/sign-in"));
    }

    public void signOut() {
        click("#sign-out");
        // signed out once the page that answers the sign-out offers to sign in again
        waitFor("#sign-in-link");
    }

    /** Runs axe-core on the page and fails on any serious or critical violation, naming each. */
    public void assertAccessible(String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axeSource());
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r); }, function (e) { done({error: String(e)}); });");
        assertTrue(results.get("error") == null, "axe could not run on " + page + ": " + results.get("error"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) results.get("violations");
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            Object impact = v.get("impact");
            if ("serious".equals(impact) || "critical".equals(impact)) {
                serious.add(impact + " " + v.get("id") + ": " + v.get("help") + " " + nodes(v));
            }
        }
        assertTrue(serious.isEmpty(), "axe found serious or critical violations on " + page + ": " + serious);
    }

    @SuppressWarnings("unchecked")
    private static String nodes(Map<String, Object> violation) {
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) violation.get("nodes");
        return nodes == null ? "" : nodes.stream().map(n -> String.valueOf(n.get("target"))).toList().toString();
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both checks every page of the flow gets. */
    public void review(String name) {
        assertAccessible(name);
        screenshot(name);
    }

    private static String axe;

    private static synchronized String axeSource() {
        if (axe == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/browser/axe.min.js")) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axe;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
