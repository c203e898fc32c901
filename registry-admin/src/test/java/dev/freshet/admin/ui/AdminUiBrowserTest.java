package dev.freshet.admin.ui;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.HeadlessChromium;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.admin.AdminApi.ADMIN;
import static dev.freshet.admin.AdminApi.ADMIN_PASSWORD;
import static dev.freshet.admin.AdminApi.VIEWER;
import static dev.freshet.admin.AdminApi.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web UI in headless Chromium (the system's {@code chromium} and {@code chromedriver}), against the
 * application and its embedded database. One browser for the class; screenshots of every page land in
 * {@code target/screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AdminUiBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static HeadlessChromium chromium;
    private static WebDriver browser;

    private final TestSql sql = TestSql.current();

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = new HeadlessChromium("--window-size=1400,1000");
        browser = chromium.driver();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void adminCreatesADataTypeThroughTheFormAfterSeeingTheTableNameRefused() {
        signIn(ADMIN, ADMIN_PASSWORD);
        open("registry");
        waitFor(By.id("new-data-type")).click();
        type("f-dataType", "ui-created");
        type("f-displayName", "Created in the browser");
        type("f-tableName", "profiles; drop table x");
        type("f-timestampColumn", "refreshed_at");
        type("f-symbolColumn", "symbol");
        type("f-keyColumns", "symbol");
        type("f-provider", "fmp");
        type("f-handler", "http-json");
        type("f-ttlSeconds", "600");
        type("f-priority", "5");
        WebElement config = browser.findElement(By.id("f-handlerConfig"));
        config.clear();
        config.sendKeys("""
                {"path": "/stable/profile?symbol={symbol}&apikey={apiKey}", "records": "",
                 "columns": {"company_name": {"field": "/companyName", "type": "text"}}}""");
        browser.findElement(By.id("registry-save")).click();

        WebElement errors = waitForText(By.id("form-errors"), "table");
        screenshot("registry-validation-error");
        assertThat(errors.getAttribute("role")).isEqualTo("alert");
        assertThat(sql.count("select count(*) from data_type_registry where data_type = 'ui-created'")).isZero();

        type("f-tableName", "profiles");
        browser.findElement(By.id("registry-save")).click();
        waitFor(By.cssSelector("#registry-list tr[data-type='ui-created']"));
        assertThat(sql.value("select table_name from data_type_registry where data_type = 'ui-created'")).isEqualTo("profiles");
        screenshot("registry");

        // a new data type starts off; the rollout page moves it to shadow after a confirmation and compares it
        assertThat(sql.value("select rollout_state from data_type_registry where data_type = 'ui-created'")).isEqualTo("off");
        open("rollout");
        waitFor(By.cssSelector("button[aria-label='To shadow ui-created']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "shadow".equals(sql.value("select rollout_state from data_type_registry where data_type = 'ui-created'")));
        waitFor(By.cssSelector("button[aria-label='Compare ui-created']")).click();
        waitForText(By.id("comparison-match-rate"), "—");
        screenshot("rollout");
    }

    @Test
    void adminSwitchesAFlagAfterConfirming() {
        sql.update("insert into feature_flags (flag_name, enabled, description) values ('ui_test_flag', false, 'for the UI test') "
                + "on conflict (flag_name) do update set enabled = false");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("flags");
        WebElement toggle = waitFor(By.cssSelector("[data-flag='ui_test_flag'] button.flag-toggle"));
        assertThat(toggle.getAttribute("aria-checked")).isEqualTo("false");
        toggle.click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Boolean.TRUE.equals(sql.value("select enabled from feature_flags where flag_name = 'ui_test_flag'")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "true".equals(
                d.findElement(By.cssSelector("[data-flag='ui_test_flag'] button.flag-toggle")).getAttribute("aria-checked")));
        assertThat(sql.value("select updated_by from feature_flags where flag_name = 'ui_test_flag'")).isEqualTo(ADMIN);
        screenshot("flags");
    }

    @Test
    void adminRetriesAFailedJob() {
        TestData.copyDataType(sql, "profile", "ui-retry", "fmp");
        finished(940_001, "ui-retry", "RTY").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '2 minutes'").timings(10, 100, 5, 20).insert(sql);
        signIn(ADMIN, ADMIN_PASSWORD);
        open("queue");
        waitFor(By.cssSelector("#queue-failed button[aria-label='Retry job 940001']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from refresh_jobs where data_type = 'ui-retry' and symbol = 'RTY' and priority = 3000") == 1);
        waitFor(By.cssSelector("#queue-jobs tr"));
        screenshot("queue");
    }

    @Test
    void overviewChartsRenderWithData() {
        TestData.copyDataType(sql, "profile", "ui-overview", "fmp");
        job("ui-overview", "OV1").priority(10).insert(sql);
        job("ui-overview", "OV2").priority(10).attempts(1).lastError("HTTP 503 from upstream")
                .processingSql("processor-1", "now()", "now() + interval '1 minute'").reserved(1, 500).insert(sql);
        finished(950_001, "ui-overview", "OV3").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '3 minutes'").timings(10, 100, 5, 20).insert(sql);
        finished(950_002, "ui-overview", "OV4").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '4 minutes'").timings(10, 100, 5, 20).insert(sql);
        signIn(ADMIN, ADMIN_PASSWORD);
        open("overview");
        for (String chart : List.of("chart-depth", "chart-throughput", "chart-quota")) {
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> chartTotal(chart) > 0);
        }
        assertThat(waitFor(By.id("scheduler")).getText()).contains("Status");
        assertThat(waitFor(By.id("aggregation")).getText()).isNotBlank();
        screenshot("overview");
    }

    @Test
    void viewerSeesNoWriteControls() {
        TestData.copyDataType(sql, "profile", "ui-viewer", "fmp");
        finished(960_001, "ui-viewer", "VWR").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '2 minutes'").timings(10, 100, 5, 20).insert(sql);
        signIn(VIEWER, VIEWER_PASSWORD);
        assertThat(waitFor(By.id("user-name")).getText()).contains("viewer");
        open("registry");
        waitFor(By.cssSelector("#registry-list tr[data-type='ui-viewer']"));
        assertThat(browser.findElements(By.id("new-data-type"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#registry-list button"))).isEmpty();
        open("flags");
        waitFor(By.cssSelector("[data-flag]"));
        assertThat(browser.findElements(By.cssSelector("button.flag-toggle"))).isEmpty();
        open("queue");
        waitFor(By.cssSelector("#queue-failed tr[data-job='960001']"));
        assertThat(browser.findElements(By.cssSelector("button[aria-label^='Retry']"))).isEmpty();
        assertThat(browser.findElements(By.id("manual-refresh"))).isEmpty();
    }

    @Test
    void wrongPasswordStaysOnTheLoginFormAndEveryPageRenders() {
        signOut();
        screenshot("login");
        // keyboard only: user name, Tab to the password, Enter submits
        WebElement user = waitFor(By.id("login-user"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(user);
        user.sendKeys(ADMIN, Keys.TAB);
        browser.switchTo().activeElement().sendKeys("not-the-password", Keys.ENTER);
        waitForText(By.id("login-error"), "not accepted");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();

        signIn(ADMIN, ADMIN_PASSWORD);
        open("history");
        waitFor(By.cssSelector("#audit-log table, #audit-log p"));
        screenshot("history");
        open("live");
        WebElement symbol = waitFor(By.id("live-symbol"));
        assertThat(browser.findElement(By.cssSelector("label[for='live-symbol']")).getText()).isEqualTo("Symbol");
        symbol.sendKeys("AAPL");
        screenshot("live");
    }

    private void signOut() {
        browser.get(base.toString());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitFor(By.id("login-user"));
    }

    private void signIn(String user, String password) {
        signOut();
        type("login-user", user);
        type("login-password", password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    private void open(String page) {
        browser.findElement(By.cssSelector("#nav a[data-page='" + page + "']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                page.equals(d.findElement(By.id("page")).getAttribute("data-page")));
    }

    private long chartTotal(String canvasId) {
        Object total = ((JavascriptExecutor) browser).executeScript("""
                const chart = window.Chart && Chart.getChart(document.getElementById(arguments[0]));
                if (!chart) return -1;
                return chart.data.datasets.flatMap(d => d.data).reduce((a, b) => a + (b || 0), 0);""", canvasId);
        return ((Number) total).longValue();
    }

    private void type(String id, String text) {
        WebElement input = waitFor(By.id(id));
        if ("select".equals(input.getTagName())) {
            new Select(input).selectByValue(text);
            return;
        }
        input.clear();
        input.sendKeys(text);
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static WebElement waitForText(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return browser.findElement(by);
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
