package io.notiledger.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (the machine's headless chromium, driven by Selenium through its chromedriver;
 * nothing is downloaded): it asks for a key, shows a fresh tenant's figures at zero, and as notifications are sent
 * and one is cancelled, the figures, the outcomes and the live feed change; the search opens a notification's
 * timeline. The page of the end is saved as {@code target/dashboard.png}.
 */
@ExtendWith(SharedLedger.class)
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static TestLedger ledger;
    private static Path profile;
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser(TestLedger shared) throws IOException {
        ledger = shared;
        assertThat(new File(CHROMIUM).canExecute()).as("Debian's chromium (apt-get install chromium chromium-driver)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Debian's chromium-driver").isTrue();
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                        "--window-size=1400,1900", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        FileSystemUtils.deleteRecursively(profile);
    }

    @Test
    void showsTheTenantsFiguresAndFeedChangingAsNotificationsAreSent() throws IOException {
        String key = ledger.createKey("dashboard-tenant", "sender");
        LedgerClient client = new LedgerClient(ledger.http(key));

        openWithoutKey();
        assertThat(browser.findElement(By.id("board")).isDisplayed()).as("nothing is shown before a key is entered").isFalse();
        enterKey("nl_" + "x".repeat(43));
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "refused"));
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();

        enterKey(key);
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "Connected"));
        assertThat(text("requested-count")).as("a fresh tenant has requested nothing").isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector("#lag tbody tr"))).as("one row per view").hasSize(3);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(client.send(LedgerClient.email("dashboard-" + i + "@example.com", "Dashboard " + i)));
        }
        String cancelled = client.send(tomorrow());
        ledger.http(key).post().uri("/v1/notifications/{id}/cancel", cancelled).exchange().expectStatus().isAccepted();

        waitFor(ExpectedConditions.textToBe(By.id("requested-count"), "4"));
        waitFor(ExpectedConditions.textToBe(By.id("sent-count"), "3"));
        waitFor(ExpectedConditions.textToBe(By.id("cancelled-count"), "1"));
        assertThat(text("dead-lettered-count")).isEqualTo("0");
        assertThat(text("latency-mean")).endsWith(" ms");
        for (String id : sent) {
            waitFor(ExpectedConditions.attributeToBe(feedRow(id), "data-status", "SENT"));
        }
        waitFor(ExpectedConditions.attributeToBe(feedRow(cancelled), "data-status", "CANCELLED"));
        assertThat(browser.findElement(feedRow(sent.get(0))).getText()).as("recipients stay masked in the feed")
                .contains("d***0@example.com").doesNotContain("dashboard-0@example.com");

        browser.findElement(By.id("search")).sendKeys(sent.get(1), Keys.ENTER);
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
        assertThat(text("timeline-title")).startsWith(sent.get(1) + ": SENT");
        assertThat(browser.findElements(By.cssSelector("#timeline tbody tr")).stream().map(WebElement::getText).toList())
                .anySatisfy(row -> assertThat(row).contains("NotificationRequested"))
                .anySatisfy(row -> assertThat(row).contains("NotificationSent"));

        saveScreenshot();
    }

    @Test
    void keepsTheKeyForTheTabAndForgetsItOnRequest() {
        String key = ledger.createKey("dashboard-tenant", "reader");
        openWithoutKey();
        enterKey(key);
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "Connected"));

        browser.navigate().refresh();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "Connected"));
        assertThat(browser.findElement(By.id("board")).isDisplayed()).as("a reload keeps the key of the tab").isTrue();

        browser.findElement(By.id("forget")).click();
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("board")).isDisplayed()).as("a forgotten key is gone").isFalse();
    }

    /** The page as a new tab sees it: whatever key an earlier test left in the tab's storage is gone. */
    private static void openWithoutKey() {
        browser.get(baseUrl() + "/dashboard");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    private static void enterKey(String key) {
        WebElement field = browser.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        browser.findElement(By.id("connect")).click();
    }

    private static By feedRow(String notificationId) {
        return By.cssSelector("#feed tbody tr[data-id='" + notificationId + "']");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static <T> void waitFor(ExpectedCondition<T> condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(200))
                .withMessage(() -> "the page says: " + text("connection") + " / " + text("search-message"))
                .until(condition);
    }

    private static Map<String, Object> tomorrow() {
        Map<String, Object> later = new LinkedHashMap<>(LedgerClient.email("dashboard-later@example.com", "Tomorrow"));
        later.put("sendAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        return later;
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + ledger.property("local.server.port");
    }

    private static void saveScreenshot() throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }
}
