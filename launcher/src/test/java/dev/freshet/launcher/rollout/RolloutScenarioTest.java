package dev.freshet.launcher.rollout;

import dev.freshet.launcher.LocalStack;
import dev.freshet.launcher.TestStacks;
import dev.freshet.launcher.faults.StackSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbook (docs/rollout.md) walked through on the real stack, for one data type beside an
 * "existing system" (this test, loading the provider's data into the live table itself): off →
 * shadow (the comparison shows a 100 % match against that table) → live → paused → live, checking
 * the data, the queue and what viewers are told at each step. JSON is read in the database.
 */
class RolloutScenarioTest {

    private static final String TYPE = "financial-statements";
    private static final String SYMBOL = "ROLL";
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Duration APPLIED = Duration.ofSeconds(10);

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSql sql;
    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.create(home, logs)
                .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false");
        stack.start(Duration.ofMinutes(3));
        sql = new StackSql(stack.database());
    }

    @AfterAll
    static void stop() throws IOException {
        TestStacks.close(stack, logs, "rollout-scenario.log");
    }

    @Test
    void oneDataTypeGoesOffShadowLivePausedLiveThroughTheAdminApi() throws Exception {
        // 0. Freshet arrives beside a system that already refreshes the data type: switch it off first
        assertThat(rollout("off").statusCode()).isEqualTo(200);
        existingSystemLoads(SYMBOL);
        String yesterday = newestRefresh();
        awaitViewerState("disabled");
        assertThat(jobs()).as("off: nothing queued").isZero();
        assertThat(rollout("live").statusCode()).as("off cannot jump to live").isEqualTo(409);

        // 1. shadow: Freshet fetches and compares, the live table stays the existing system's
        assertThat(rollout("shadow").statusCode()).isEqualTo(200);
        // never fetched in shadow: missing, and the subscription queues it
        await().atMost(APPLIED).until(() -> !viewerState().equals("disabled"));
        await().atMost(STEP).until(() -> sql.count("select count(*) from shadow_writes where data_type = ? and symbol = ?", TYPE, SYMBOL) > 0);
        await().atMost(STEP).until(() -> jobs() == 0);
        assertThat(newestRefresh()).as("shadow leaves the live table alone").isEqualTo(yesterday);
        assertThat(viewerState()).as("judged from its shadow records: fresh").isEqualTo("fresh");
        assertThat(jobs()).as("a fresh shadow pair is not queued again").isZero();
        String comparison = admin("GET", "/api/v1/rollout/" + TYPE + "/comparison", null).body();
        assertThat(new BigDecimal(json(comparison, "matchRate"))).isEqualByComparingTo("1");
        assertThat(json(comparison, "rowsCompared")).isEqualTo(json(comparison, "rowsMatching")).isNotEqualTo("0");
        assertThat(json(comparison, "refreshesCompared")).isEqualTo("1");
        assertThat(json(comparison, "rowsDiffering") + json(comparison, "missingInLive") + json(comparison, "missingInNew"))
                .isEqualTo("000");

        // 2. live: the existing system's refresh stops; Freshet writes the live table
        assertThat(rollout("live").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/api/v1/queue/jobs", "{\"dataType\":\"" + TYPE + "\",\"symbol\":\"" + SYMBOL + "\"}").statusCode())
                .isBetween(200, 201);
        await().atMost(STEP).until(() -> !newestRefresh().equals(yesterday));
        await().atMost(STEP).until(() -> jobs() == 0);
        awaitViewerState("fresh");

        // 3. paused: viewers are told disabled, a queued job stays unclaimed while others run
        assertThat(rollout("paused").statusCode()).isEqualTo(200);
        awaitViewerState("disabled");
        Thread.sleep(2_000);   // every replica applies a change within a second: the processors too
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin)
                values (?, ?, 'fmp', 3000, 'manual')""", TYPE, SYMBOL);
        assertThat(admin("POST", "/api/v1/queue/jobs", "{\"dataType\":\"profile\",\"symbol\":\"" + SYMBOL + "\"}").statusCode())
                .isBetween(200, 201);
        await().atMost(STEP).until(() -> sql.count("""
                select count(*) from refresh_job_history where data_type = 'profile' and symbol = ? and status = 'completed'""", SYMBOL) == 1);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = ? and symbol = ? and status = 'pending' and attempts = 0",
                TYPE, SYMBOL)).as("the paused type's job is left unclaimed while the processor claims others").isEqualTo(1);

        // 4. live again: the waiting job is claimed and completes
        String beforeResume = newestRefresh();
        assertThat(rollout("live").statusCode()).isEqualTo(200);
        await().atMost(STEP).until(() -> jobs() == 0);
        assertThat(sql.count("""
                select count(*) from refresh_job_history where data_type = ? and symbol = ? and status = 'completed'""", TYPE, SYMBOL))
                .isEqualTo(3);
        assertThat(newestRefresh()).isNotEqualTo(beforeResume);
        assertThat(sql.count("""
                select count(*) from audit_log where entity_id = ? and action = 'rollout'""", TYPE)).isEqualTo(5);
    }

    /**
     * The existing system: asks the provider (the simulator) for the symbol's statements and writes
     * them the way the registry maps them, a day ago.
     */
    private static void existingSystemLoads(String symbol) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(stack.simulator().baseUrl()
                        + "/stable/income-statement?symbol=" + symbol + "&period=annual&limit=5&apikey=existing")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        sql.update("""
                insert into financial_statements
                select (jsonb_populate_record(null::financial_statements,
                        (select jsonb_object_agg(c.key, e.value #> string_to_array(ltrim(c.value ->> 'field', '/'), '/'))
                           from jsonb_each(r.handler_config -> 'columns') c)
                        || jsonb_build_object('symbol', ?::text, 'refreshed_at', now() - interval '1 day'))).*
                from data_type_registry r, jsonb_array_elements(?::jsonb) e
                where r.data_type = ?""", symbol, body, TYPE);
        assertThat(sql.count("select count(*) from financial_statements where symbol = ?", symbol)).isPositive();
    }

    private static void awaitViewerState(String expected) {
        await().atMost(APPLIED).until(() -> viewerState().equals(expected));
    }

    private static HttpResponse<String> rollout(String state) throws Exception {
        return admin("PUT", "/api/v1/rollout/" + TYPE, "{\"state\":\"" + state + "\"}");
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString((stack.adminUser() + ":" + stack.adminPasswordValue())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.url("registry-admin") + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a viewer subscribing to the pair is told (and the subscription queues what is due). */
    private static String viewerState() throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(stack.url("subscription-tracker") + "/v1/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"rollout-viewer\",\"symbol\":\"" + SYMBOL
                        + "\",\"dataTypes\":[\"" + TYPE + "\"]}")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return json(body, "subscriptions,0,state");
    }

    private static long jobs() {
        return sql.count("select count(*) from refresh_jobs where data_type = ? and symbol = ?", TYPE, SYMBOL);
    }

    private static String newestRefresh() {
        String[] t = {null};
        sql.query("select max(refreshed_at)::text from financial_statements where symbol = ?", rs -> t[0] = rs.getString(1), SYMBOL);
        return t[0];
    }

    /** A value of a JSON document by its path (comma-separated keys and indexes), as text, read by the database. */
    private static String json(String document, String path) {
        String[] v = {null};
        sql.query("select ?::jsonb #>> string_to_array(?, ',')", rs -> v[0] = rs.getString(1), document, path);
        return v[0];
    }

}
