package dev.freshet.launcher;

import dev.freshet.launcher.faults.StackSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the stack the way `./freshet up` does, drives one viewer's subscription to fresh data, and
 * fetches every data type the registry ships from the simulator, end to end.
 */
class LocalStackTest {

    /** Every fetched data type the registry ships: the eleven FMP ones (the global ones among them) and the 1-minute bars. */
    private static final List<String> FETCHED = List.of("quote", "profile", "financial-statements", "ratios-ttm",
            "dividend-history", "shares-float", "revenue-segmentation", "grades-historical", "exchange-variants",
            "available-exchanges", "exchange-market-status", "bars-1m");
    private static final Duration FETCHED_WITHIN = Duration.ofSeconds(60);
    /** The checker's aggregation-due task runs every minute: two runs and the jobs they queue. */
    private static final Duration AGGREGATED_WITHIN = Duration.ofSeconds(180);

    private static StackSql sql;

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.create(home, logs);
        stack.start(Duration.ofMinutes(3));
        sql = new StackSql(stack.database());
    }

    @AfterAll
    static void stop() throws IOException {
        TestStacks.close(stack, logs, "local-stack.log");
    }

    @Test
    void aViewerSubscribingToAMissingProfileSeesItBecomeFresh() throws Exception {
        String tracker = stack.url("subscription-tracker");
        HttpResponse<String> subscribed = post(tracker + "/v1/subscriptions",
                "{\"clientId\":\"launcher-test\",\"symbol\":\"AAPL\",\"dataTypes\":[\"profile\"]}");
        assertThat(subscribed.statusCode()).isEqualTo(200);
        assertThat(subscribed.body()).contains("missing");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(tracker + "/v1/freshness/AAPL?dataTypes=profile").body().contains("fresh"));

        assertThat(get(tracker + "/v1/data/profile/AAPL").body()).contains("AAPL");
        assertThat(stack.simulator().stats().requests("profile")).isPositive();
    }

    @Test
    void theRegistryShipsExactlyTheseFetchedDataTypesSwitchedOnAndTheSymbolListsOff() {
        List<String> shipped = new ArrayList<>();
        sql.query("select data_type from data_type_registry where handler <> 'aggregate-bars' and rollout_state <> 'off' order by data_type",
                rs -> shipped.add(rs.getString(1)));
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(FETCHED);
        // a loaded universe answers `unknown` for every other symbol: an operator switches a list on once it is the real one
        List<String> off = new ArrayList<>();
        sql.query("select data_type from data_type_registry where rollout_state = 'off' order by data_type",
                rs -> off.add(rs.getString(1)));
        assertThat(off).containsExactly("fmp-stock-list", "polygon-tickers");
    }

    @ParameterizedTest
    @FieldSource("FETCHED")
    void everyFetchedDataTypeIsFetchedFromTheSimulatorValidatedAndStored(String dataType) {
        String symbol = queueManualRefresh(dataType, "E2E");
        await().atMost(FETCHED_WITHIN).until(() -> sql.count("""
                select count(*) from refresh_job_history
                 where data_type = ? and symbol = ? and status in ('completed', 'failed')""", dataType, symbol) > 0);
        assertThat(sql.count("""
                select count(*) from refresh_job_history
                 where data_type = ? and symbol = ? and status = 'completed' and rows_written > 0""", dataType, symbol))
                .as("%s fetched and stored", dataType).isPositive();
        String[] target = new String[2];
        sql.query("select table_name, symbol_column from data_type_registry where data_type = ?",
                rs -> { target[0] = rs.getString(1); target[1] = rs.getString(2); }, dataType);
        long rows = target[1] == null
                ? sql.count("select count(*) from " + target[0])
                : sql.count("select count(*) from " + target[0] + " where " + target[1] + " = ?", symbol);
        assertThat(rows).as("%s rows in %s", dataType, target[0]).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5m", "15m", "1h", "1d"})
    void derivedBarsAreAggregatedFromTheFetchedOneMinuteBars(String timeframe) {
        queueManualRefresh("bars-1m", "E2EBARS");
        await().atMost(AGGREGATED_WITHIN).until(() -> sql.count(
                "select count(*) from derived_data_bars where symbol = 'E2EBARS' and timeframe = ?", timeframe) > 0);
    }

    /** Queues a manual refresh of the pair (the symbol, or * for a global data type), once; answers the symbol used. */
    private static String queueManualRefresh(String dataType, String symbol) {
        String[] used = new String[1];
        sql.query("select case when scope = 'global' then '*' else ? end from data_type_registry where data_type = ?",
                rs -> used[0] = rs.getString(1), symbol, dataType);
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin)
                select data_type, ?, provider, 3000, 'manual' from data_type_registry where data_type = ?
                on conflict (data_type, symbol) do nothing""", used[0], dataType);
        return used[0];
    }

    @Test
    void everyServiceIsReadyAndTheAdminKnowsTheRegistry() throws Exception {
        assertThat(stack.services()).allMatch(ServiceProcess::alive);
        String auth = java.util.Base64.getEncoder().encodeToString(
                (stack.adminUser() + ":" + stack.adminPasswordValue()).getBytes());
        HttpResponse<String> registry = http.send(HttpRequest.newBuilder(URI.create(stack.url("registry-admin") + "/api/v1/registry"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registry.statusCode()).isEqualTo(200);
        assertThat(registry.body()).contains("profile");
    }

    @Test
    void theEmbeddedDatabaseKeepsItsFilesInTheLauncherHome() {
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();
        assertThat(home.resolve("admin-password")).exists();
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
