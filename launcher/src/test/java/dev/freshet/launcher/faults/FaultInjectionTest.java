package dev.freshet.launcher.faults;

import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalStack;
import dev.freshet.launcher.TestStacks;
import dev.freshet.simulator.Simulator;
import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Hang;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import dev.freshet.simulator.faults.RateLimitBurst;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into the real stack (child JVMs, embedded PostgreSQL, simulator), one stack for
 * every test. Each test uses its own symbols and ends by accounting for every job it enqueued.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final Duration FINISH = Duration.ofSeconds(90);

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSql sql;
    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private static final List<UpstreamRequest> upstream = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** One simulator request as it was answered: when (nanoTime), path and status. */
    record UpstreamRequest(long nanos, String line) {
        boolean profile() {
            return line.contains("/stable/profile");
        }

        boolean rateLimited() {
            return line.contains("-> 429");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.create(home, logs)
                .serviceProperties("queue-processor", "-Dfreshet.processor.lease=3s", "-Dfreshet.processor.lease-renew-every=1s",
                        "-Dfreshet.processor.circuit.open-for=2s", "-Dfreshet.processor.shutdown-grace=1s",
                        "-Dfreshet.processor.claim-timeout=5s", "-Dfreshet.processor.run-timeout=20s")
                .serviceProperties("staleness-checker", "-Dfreshet.checker.recovery.every=1s",
                        "-Dfreshet.checker.scheduled-refresh.enabled=false")
                .simulatorRequestLog(line -> upstream.add(new UpstreamRequest(System.nanoTime(), line)));
        stack.start(Duration.ofMinutes(3));
        sql = new StackSql(stack.database());
        // The tests are about faults, not quota: no per-minute budget, quick retries.
        sql.update("update provider_quotas set calls_per_minute = null, request_timeout_ms = 10000 where provider = 'fmp'");
        sql.update("""
                update data_type_registry
                   set handler_config = handler_config || '{"retry": {"baseSeconds": 0.5, "capSeconds": 2}}'::jsonb
                 where data_type = 'profile'""");
    }

    @AfterAll
    static void stop() throws IOException {
        TestStacks.close(stack, logs, "fault-injection-stack.log");
    }

    @AfterEach
    void calmUpstream() {
        simulator().reset();
    }

    @Test
    @Order(1)
    void providerOutageOpensTheCircuitWithoutAnAttemptStormAndEverythingCompletesAfterRecovery() {
        simulator().reset();
        simulator().knobs(Knobs.endpoint("profile", Faults.none().withErrors(ErrorInjection.everyNth(1).withStatus(503))));
        List<Long> jobs = sql.enqueueProfiles("OUT", 20);

        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(
                "select count(*) from provider_circuit_state where provider = 'fmp' and state = 'open'") > 0);
        long outageStart = System.nanoTime();
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> sql.completed(jobs) == 0);
        long outageSeconds = Duration.ofNanos(System.nanoTime() - outageStart).toSeconds() + 1;
        long attempts = simulator().stats().requests("profile");
        // Without the breaker every job would retry every 0.25-2 s; with it, the first wave plus about one probe per open period.
        assertThat(attempts).isPositive().isLessThanOrEqualTo(jobs.size() + 2 * (outageSeconds / 2 + 1) + 5);

        simulator().knobs(Knobs.none());
        await().atMost(FINISH).until(() -> sql.completed(jobs) == jobs.size());
        sql.assertAccountedFor(jobs).completedAll();
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count(
                "select count(*) from provider_circuit_state where provider = 'fmp' and state <> 'closed'") == 0);
    }

    @Test
    @Order(2)
    void rateLimitStormIsHonouredUntilRetryAfterAndSpendsNoAttempt() {
        simulator().reset();
        long limitedBefore = sql.count("select coalesce(sum(rate_limited), 0) from api_usage where provider = 'fmp'");
        long callsBefore = fmpCalls();
        upstream.clear();
        simulator().knobs(Knobs.endpoint("profile", Faults.none().withRateLimit(RateLimitBurst.seconds(5, 2))));
        List<Long> jobs = sql.enqueueProfiles("RL", 10);

        await().atMost(FINISH).until(() -> sql.completed(jobs) == jobs.size());
        long rejected = simulator().stats().count("profile", 429);
        assertThat(rejected).isPositive();

        List<UpstreamRequest> calls = upstream.stream().filter(UpstreamRequest::profile).toList();
        for (UpstreamRequest limited : calls.stream().filter(UpstreamRequest::rateLimited).toList()) {
            // requests already in flight when the 429 was sent may land just after it; none may start later within Retry-After
            long from = limited.nanos() + Duration.ofMillis(300).toNanos();
            long until = limited.nanos() + Duration.ofMillis(1800).toNanos();
            assertThat(calls).as("requests within Retry-After of the 429 at %d", limited.nanos())
                    .noneMatch(c -> c.nanos() > from && c.nanos() < until);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sql.count("select coalesce(sum(rate_limited), 0) from api_usage where provider = 'fmp'") - limitedBefore)
                .isEqualTo(rejected));
        assertThat(fmpCalls() - callsBefore)
                .as("refused calls leave the quota untouched: only the answered ones count")
                .isEqualTo(simulator().stats().count("profile", 200));
        assertThat(sql.count("select count(*) from refresh_job_history where job_id = any(?) and attempts <> 1", jobs))
                .as("a 429 gives its attempt back").isZero();
        sql.assertAccountedFor(jobs).completedAll();
    }

    @Test
    @Order(3)
    void slowProviderTimeoutsAreClassifiedAndRetriedWithBackoff() {
        simulator().reset();
        sql.update("update provider_quotas set request_timeout_ms = 300 where provider = 'fmp'");
        try {
            simulator().knobs(Knobs.endpoint("profile", Faults.none().withLatency(Latency.fixed(1500))));
            List<Long> jobs = sql.enqueueProfiles("SLOW", 5);

            await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("""
                    select count(*) from refresh_jobs
                     where job_id = any(?) and status = 'pending' and last_error like '%timed out after 300 ms%'
                       and run_after > now()""", jobs) > 0);
            assertThat(sql.completed(jobs)).isZero();

            simulator().knobs(Knobs.none());
            await().atMost(FINISH).until(() -> sql.completed(jobs) == jobs.size());
            assertThat(sql.count("select min(attempts) from refresh_job_history where job_id = any(?)", jobs))
                    .as("each job timed out at least once before it completed").isGreaterThanOrEqualTo(2);
            sql.assertAccountedFor(jobs).completedAll();
        } finally {
            sql.update("update provider_quotas set request_timeout_ms = 10000 where provider = 'fmp'");
        }
    }

    @Test
    @Order(4)
    void processorKilledHoldingClaimsIsRecoveredAndEachJobCompletesOnce() throws Exception {
        simulator().reset();
        simulator().knobs(Knobs.endpoint("profile", Faults.none().withHang(Hang.untilReleased())));
        List<Long> jobs = sql.enqueueProfiles("KILL", 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(
                "select count(*) from refresh_jobs where job_id = any(?) and status = 'processing'", jobs) == jobs.size());

        stack.kill("queue-processor");
        simulator().knobs(Knobs.none());
        newProcessorCompletesEachOnce(jobs, "KILL");
    }

    @Test
    @Order(5)
    void callsInFlightWhenTheProcessorDiesAreCountedAsUsageWhenTheirLeasesAreRecovered() throws Exception {
        simulator().reset();
        upstream.clear();
        long callsBefore = fmpCalls();
        // slow enough that every call is still unanswered when the processor dies, shorter than the request timeout
        simulator().knobs(Knobs.endpoint("profile", Faults.none().withLatency(Latency.fixed(4000))));
        List<Long> jobs = sql.enqueueProfiles("CRASH", 8);
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator().stats().requests("profile") == jobs.size());
        assertThat(profileCallsInFlight()).as("calls received by the simulator and not yet answered").isPositive();

        stack.kill("queue-processor");
        simulator().knobs(Knobs.none());
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(
                "select count(*) from refresh_jobs where job_id = any(?) and status = 'pending'", jobs) == jobs.size());
        assertThat(sql.count("select count(*) from refresh_jobs where job_id = any(?) and status = 'processing'", jobs))
                .as("none left in processing after lease recovery").isZero();
        long receivedByTheDeadProcessor = simulator().stats().requests("profile");
        long usedByTheDeadProcessor = fmpCalls() - callsBefore;
        assertThat(usedByTheDeadProcessor).as("usage after recovery vs the calls the dead processor made")
                .isGreaterThanOrEqualTo(receivedByTheDeadProcessor);

        newProcessorCompletesEachOnce(jobs, "CRASH");
        long used = fmpCalls() - callsBefore;
        long received = simulator().stats().requests("profile");
        System.out.printf("crash mid-call: api_usage.calls %d for %d profile requests received; after recovery, before the new instance: %d for %d%n",
                used, received, usedByTheDeadProcessor, receivedByTheDeadProcessor);
        assertThat(used).as("api_usage.calls vs profile requests the simulator received").isGreaterThanOrEqualTo(received);
    }

    @Test
    @Order(6)
    void databaseRestartUnderLoadLosesNoJobAndWritesNoDuplicate() throws Exception {
        simulator().reset();
        simulator().knobs(Knobs.endpoint("profile", Faults.none().withLatency(Latency.fixed(200))));
        List<Long> jobs = sql.enqueueProfiles("DBR", 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.completed(jobs) > 0);

        List<String> readyWhileDown = new ArrayList<>();
        stack.restartDatabase(() -> await().atMost(Duration.ofSeconds(20)).until(() -> {
            readyWhileDown.clear();
            for (String service : LaunchOptions.SERVICES) {
                readyWhileDown.add(service + "=" + readiness(stack.service(service).managementUrl()));
            }
            return readyWhileDown.stream().noneMatch(s -> s.endsWith("=200"));
        }));
        assertThat(readyWhileDown).as("readiness while the database was down").noneMatch(s -> s.endsWith("=200"));

        for (String service : LaunchOptions.SERVICES) {
            await().atMost(Duration.ofSeconds(60)).until(() -> readiness(stack.service(service).managementUrl()) == 200);
        }
        simulator().knobs(Knobs.none());
        await().atMost(FINISH).until(() -> sql.completed(jobs) == jobs.size());
        assertThat(sql.count("select count(*) from profiles where symbol like 'DBR%'")).isEqualTo(jobs.size());
        sql.assertAccountedFor(jobs).completedAll();
    }

    /** A new processor instance completes every job exactly once; the attempt lost with the killed one stays counted. */
    private static void newProcessorCompletesEachOnce(List<Long> jobs, String prefix) throws Exception {
        stack.startInstance("queue-processor", TestStacks.freePort(), Duration.ofMinutes(2));
        try {
            // until every job has ended, completed or not: a job that failed for good fails the test at once, by its count
            await().atMost(FINISH).until(() -> sql.finished(jobs) == jobs.size());
        } catch (ConditionTimeoutException e) {
            System.out.println("the new processor did not finish the jobs; the database then:\n" + sql.describe(jobs));
            throw e;
        }
        sql.assertAccountedFor(jobs).completedAll();
        assertThat(sql.count("select min(attempts) from refresh_job_history where job_id = any(?)", jobs))
                .as("the killed attempt stays counted").isGreaterThanOrEqualTo(2);
        assertThat(sql.count("select count(*) from profiles where symbol like ? || '%'", prefix)).isEqualTo(jobs.size());
    }

    private static long fmpCalls() {
        return sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'fmp'");
    }

    /** Profile requests the simulator has received (counted on arrival) but not answered yet (logged on answer). */
    private static long profileCallsInFlight() {
        return simulator().stats().requests("profile") - upstream.stream().filter(UpstreamRequest::profile).count();
    }

    private static Simulator simulator() {
        return stack.simulator();
    }

    private static int readiness(String baseUrl) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

}
