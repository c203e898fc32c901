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
import org.openqa.selenium.StaleElementReferenceException;
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
import java.util.function.Function;

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
        // the list is rebuilt after the change: the toggle found first may go stale while it is read
        until(d -> "true".equals(d.findElement(By.cssSelector("[data-flag='ui_test_flag'] button.flag-toggle")).getAttribute("aria-checked")));
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
    void explainsAQueuedPairFromItsQueueRowAndAnyPairFromTheSearch() {
        TestData.copyDataType(sql, "profile", "ui-explain", "fmp");
        job("ui-explain", "EXP").priority(10).insert(sql);
        signIn(ADMIN, ADMIN_PASSWORD);
        open("queue");
        waitFor(By.cssSelector("#queue-jobs a[aria-label='Explain ui-explain EXP']")).click();
        until(d -> "explain".equals(d.findElement(By.id("page")).getAttribute("data-page")));
        waitForText(By.id("explanation-h"), "ui-explain EXP");
        assertThat(waitFor(By.id("explain-summary")).getText()).isNotBlank();
        assertThat(waitFor(By.id("explain-next")).getText()).contains("queued");
        screenshot("explain");

        type("x-type", "ui-explain");
        type("x-symbol", "NOTHERE");
        browser.findElement(By.id("explain-submit")).click();
        waitForText(By.id("explanation-h"), "ui-explain NOTHERE");
        assertThat(browser.findElement(By.id("explanation-h")).getText()).contains("missing");
        assertThat(browser.getCurrentUrl()).contains("symbol=NOTHERE");
    }

    @Test
    void adminEditsAQuotaBesideItsUsageAndForecastAndABadLimitChangesNothing() {
        sql.update("""
                insert into provider_quotas (provider, calls_per_minute, calls_per_day, max_concurrency) values ('ui-quota', 60, 1000, 8)
                on conflict (provider) do update set calls_per_minute = 60, calls_per_day = 1000, max_concurrency = 8, version = 1""");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("quotas");
        waitFor(By.cssSelector("#quota-ui-quota-usage tr[data-window]"));
        assertThat(browser.findElement(By.id("quota-ui-quota-usage")).getText()).contains("calls this minute");

        type("quota-ui-quota-maxConcurrency", "0");
        browser.findElement(By.id("quota-ui-quota-save")).click();
        waitForText(By.id("quota-ui-quota-errors"), "maxConcurrency");
        assertThat(sql.value("select max_concurrency from provider_quotas where provider = 'ui-quota'")).isEqualTo(8);

        type("quota-ui-quota-maxConcurrency", "4");
        type("quota-ui-quota-callsPerDay", "2000");
        browser.findElement(By.id("quota-ui-quota-save")).click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from provider_quotas where provider = 'ui-quota' and calls_per_day = 2000 "
                        + "and max_concurrency = 4 and calls_per_minute = 60 and updated_by = 'admin'") == 1);
        until(d -> d.findElement(By.id("quota-ui-quota-form")).getText().contains("version 2"));
        screenshot("quotas");
    }

    @Test
    void adminResetsAHardFailedAggregationTaskAndSetsAnotherOnesPriority() {
        sql.update("delete from data_agg_state where symbol in ('UIAGA', 'UIAGB')");
        sql.update("""
                insert into data_agg_state (symbol, timeframe, last_agg_bar_ts_utc, agg_start_utc, status, hard_fail_streak, last_error, task_priority)
                values ('UIAGA', '5m', null, timestamptz '2026-01-01 00:00:00+00', 'hard_failed', 3, 'boom', 100),
                       ('UIAGB', '5m', null, timestamptz '2026-01-01 00:00:00+00', 'idle', 0, null, 100)""");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("aggregation");
        waitFor(By.cssSelector("#aggregation-timeframes tr[data-timeframe='5m']"));
        screenshot("aggregation");
        waitFor(By.cssSelector("button[aria-label='Reset UIAGA 5m']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "idle".equals(sql.value("select status from data_agg_state where symbol = 'UIAGA'")));
        until(d -> d.findElements(By.cssSelector("button[aria-label='Reset UIAGA 5m']")).isEmpty());

        WebElement priority = waitFor(By.cssSelector("input[aria-label='Priority of UIAGB 5m']"));
        priority.clear();
        priority.sendKeys("-5");
        browser.findElement(By.cssSelector("button[aria-label='Save settings of UIAGB 5m']")).click();
        waitForText(By.id("aggregation-error"), "taskPriority");
        assertThat(sql.value("select task_priority from data_agg_state where symbol = 'UIAGB'")).isEqualTo(100);

        // a refusal leaves the row as it was: the same field is corrected
        priority.clear();
        priority.sendKeys("300");
        browser.findElement(By.cssSelector("button[aria-label='Save settings of UIAGB 5m']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Integer.valueOf(300).equals(sql.value("select task_priority from data_agg_state where symbol = 'UIAGB'")));
        assertThat(sql.count("select count(*) from audit_log where entity_id = 'UIAGB/5m' and action = 'settings'")).isEqualTo(1);
    }

    @Test
    void adminPausesAndResumesAProviderBesideItsOpenCircuit() {
        sql.update("insert into provider_quotas (provider, calls_per_minute) values ('ui-prov', 10) on conflict do nothing");
        sql.update("delete from provider_pauses where provider = 'ui-prov'");
        sql.update("delete from provider_circuit_state where provider = 'ui-prov'");
        sql.update("""
                insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until, last_error)
                values ('ui-prov', 'proc-1', 'open', now(), now() + interval '5 minutes', 'HTTP 503')""");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("providers");
        assertThat(waitFor(By.cssSelector("#providers-list tr[data-provider='ui-prov']")).getText()).contains("open");
        waitFor(By.cssSelector("input[aria-label='Reason to pause ui-prov']")).sendKeys("upstream maintenance");
        browser.findElement(By.cssSelector("button[aria-label='Pause ui-prov']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from provider_pauses where provider = 'ui-prov' and paused_by = 'admin' and reason = 'upstream maintenance'") == 1);
        until(d -> d.findElement(By.cssSelector("#providers-list tr[data-provider='ui-prov']")).getText().contains("paused"));
        screenshot("providers");

        waitFor(By.cssSelector("button[aria-label='Resume ui-prov']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> sql.count("select count(*) from provider_pauses where provider = 'ui-prov'") == 0);
        until(d -> !d.findElements(By.cssSelector("button[aria-label='Pause ui-prov']")).isEmpty());
    }

    @Test
    void analyticsChartTheViewersAndListTheMostViewedPairs() {
        sql.update("delete from subscription_analytics where data_type = 'ui-analytics'");
        sql.update("insert into subscription_analytics (bucket_start, data_type, symbol, viewers) values (now() - interval '1 hour', 'ui-analytics', 'VIEWD', 6)");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("analytics");
        assertThat(waitFor(By.cssSelector("#analytics-top tr[data-pair='ui-analytics/VIEWD']")).getText()).contains("6");
        until(d -> chartTotal("chart-views") > 0);
        screenshot("analytics");
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
        until(d -> page.equals(d.findElement(By.id("page")).getAttribute("data-page")));
    }

    /**
     * Waits for a condition, reading elements afresh each time: pages rebuild their lists after every
     * change and reload, so an element found a moment ago may be gone (stale) when it is read.
     */
    private static <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(condition);
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
