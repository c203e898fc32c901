package dev.freshet.tracker.client;

import dev.freshet.testsupport.HeadlessChromium;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.tracker.Refreshes;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The browser client ({@code clients/js/freshet.js}, served at {@code /client/freshet.js}) in headless
 * Chromium (the system's {@code chromium} and {@code chromedriver}), against the tracker and its
 * embedded database, with client tokens required as in every tracker test.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BrowserClientTest {

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    private final TestSql sql = TestSql.current();
    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/client-test/index.html")
    URL page;

    @BeforeAll
    static void startBrowser() {
        chromium = new HeadlessChromium();
        browser = chromium.driver();
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        browser.get(page.toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("status")).getText()));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Runs an async script: the last argument {@code done} is called with its result. */
    private Object async(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n" + script, args);
    }

    private void startClient(String clientId) {
        js("window.token = arguments[1]; window.start({ clientId: arguments[0], token: () => window.token, "
                + "backoff: { initialMs: 4000, maxMs: 4000 } });", clientId, token(clientId));
    }

    private long presence(String clientId, String symbol) {
        return sql.count("select count(*) from active_subscriptions where client_id = ? and symbol = ?", clientId, symbol);
    }

    private void commitRefresh(String symbol) {
        Refreshes.commitProfile(sql, symbol);
    }

    private long eventsFor(String symbol) {
        return ((Number) js("return window.events.filter(e => e.symbol === arguments[0]).length;", symbol)).longValue();
    }

    @Test
    void aWatchedMissingPairTurnsFreshByTheEventAndUnwatchEndsThePresence() throws Exception {
        String client = newClient("browser");
        startClient(client);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answer = (List<Map<String, Object>>) async(
                "window.freshet.watch({ symbol: 'bc1', dataTypes: ['profile'] }).then(done, e => done(String(e)));");
        assertThat(answer).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("symbol", "BC1").containsEntry("dataType", "profile").containsEntry("state", "missing");
        });
        assertThat(presence(client, "BC1")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            commitRefresh("BC1");
            return eventsFor("BC1") > 0;
        });
        assertThat(js("return window.freshet.state('BC1', 'profile').state;")).isEqualTo("fresh");
        as(newClient("r")).get("/v1/freshness/BC1?dataTypes=profile").then().statusCode(200)
                .body("dataTypes[0].state", equalTo("fresh"));
        assertThat(js("return window.streamUrls.length;")).as("one shared stream").isEqualTo(1L);

        assertThat(async("window.freshet.unwatch('BC1').then(() => done('ok'), e => done(String(e)));")).isEqualTo("ok");
        assertThat(presence(client, "BC1")).isZero();
    }

    @Test
    void aRefreshCommittedWhileTheStreamIsDownArrivesExactlyOnceAfterItResumes() throws Exception {
        String client = newClient("browser");
        startClient(client);
        async("window.freshet.watch({ symbol: 'BC2', dataTypes: ['profile'] }).then(done, e => done(String(e)));");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Long) js("return window.streamUrls.length;") == 1L);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            commitRefresh("BC2");
            return eventsFor("BC2") > 0;
        });
        Thread.sleep(1000); // refreshes the loop committed before the first event came are all in
        long before = eventsFor("BC2");
        List<String> witness = witness("BC2");

        js("window.dropStream();");
        commitRefresh("BC2");
        // the tracker has taken the refresh in (the witness stream got it) before the client reconnects
        await().atMost(Duration.ofSeconds(3)).until(() -> witness.stream().anyMatch(l -> l.startsWith("event:") && l.contains("refreshed")));
        assertThat(js("return window.streamUrls.length;")).as("still away").isEqualTo(1L);

        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> (Long) js("return window.streamUrls.length;") == 2L);
        assertThat((String) js("return window.streamUrls[1];")).contains("lastEventId=");
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor("BC2") == before + 1);
        Thread.sleep(1000);
        assertThat(eventsFor("BC2")).as("the missed refresh, once").isEqualTo(before + 1);
        async("window.freshet.close().then(() => done('ok'));");
    }

    @Test
    void withoutATokenFunctionTheClientFailsWithA401Problem() {
        js("window.start({ clientId: arguments[0] });", newClient("browser"));
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = (Map<String, Object>) async("""
                window.freshet.watch({ symbol: 'BC3', dataTypes: ['profile'] }).then(
                  () => done({ ok: true }),
                  e => done({ problem: e instanceof window.FreshetProblem, status: e.status, detail: e.detail }));""");
        assertThat(problem).containsEntry("problem", true).containsEntry("status", 401L);
        assertThat((String) problem.get("detail")).isNotBlank();
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'BC3'")).isZero();
        // the event stream is refused too, and said so
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> (Long) js("return window.problems.length;") > 0);
        async("window.freshet.close().then(() => done('ok'), () => done('ok'));");
    }

    @Test
    void theClientModuleIsServedAsJavaScript() {
        RestAssured.given().get("/client/freshet.js").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("javascript"))
                .body(org.hamcrest.Matchers.containsString("export function createFreshet"));
    }

    /** An event stream opened from here, to see when the tracker has taken a refresh in. */
    private List<String> witness(String symbol) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/events?symbols="
                + symbol + "&token=" + token(newClient("witness")))).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> r.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("connected")));
        return lines;
    }
}
