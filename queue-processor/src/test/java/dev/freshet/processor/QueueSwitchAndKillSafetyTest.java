package dev.freshet.processor;

import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.run.JobRunner;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import dev.freshet.testsupport.DatabaseCoordinates;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class QueueSwitchAndKillSafetyTest extends ProcessorTestBase {

    @Inject
    JobClaimer claimer;
    @Inject
    JobRunner runner;

    private void stubQuotes(String name) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).willReturn(aResponse()
                .withTransformers("response-template")
                .withBody("[{\"symbol\": \"{{request.query.symbol}}\", \"name\": \"n\", \"price\": 7, \"volume\": 1, \"timestamp\": 1700000000}]")));
    }

    @Test
    void claimsAbandonedByAKilledProcessorAreRecoveredAndCompletedOnce() {
        DataType dt = Fixtures.quoteType(registry, "killed", "killed-p", 5, "paused", null);
        stubQuotes("killed");
        List<String> symbols = IntStream.range(0, 20).mapToObj(i -> "K" + i).toList();
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols);
        List<String> others = registry.all().stream().map(d -> d.dataType()).filter(n -> !n.equals("killed")).toList();

        // a processor claims them and dies: nothing ever finishes or releases these claims
        List<ClaimedJob> doomed = claimer.claimShiftedBy(Duration.ZERO, "doomed-processor", 50, Duration.ofMillis(500),
                claimer.policy().withPacing(1.0), List.of(), others).await().atMost(Duration.ofSeconds(10));
        assertThat(doomed).hasSize(20);
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'killed'");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("killed").orElseThrow().enabled());
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'killed' and claimed_by = 'doomed-processor'")).isEqualTo(20);

        // the checker's recovery, run once the leases have lapsed
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sql.count("select count(*) from refresh_jobs where data_type = 'killed' and lease_expires_at < now()") == 20);
        var recovered = pool.query(JobSql.RECOVER_EXPIRED_LEASES).execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        // the recovery is cluster-wide: on a busy machine another test's job may have lapsed too
        assertThat(recovered.getLong("requeued")).isGreaterThanOrEqualTo(20);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'killed' and claimed_by = 'doomed-processor'"))
                .as("no claim of the dead processor survives the recovery").isZero();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'killed'") == 20);
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'killed' and status = 'completed' and attempts = 2"))
                .isEqualTo(20);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'killed'")).isZero();
        assertThat(sql.count("select count(*) from quotes where symbol like 'K%' and symbol = any(?)", (Object) symbols.toArray(String[]::new)))
                .isEqualTo(20);
    }

    @Test
    void queueSystemOffClaimsNothingAndTurningItOnResumesWithinASecond() {
        DataType dt = Fixtures.quoteType(registry, "switched", "switched-p", 5, "live", null);
        stubQuotes("switched");
        sql.update("update feature_flags set enabled = false where flag_name = 'use_queue_system'");
        try {
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(300)).until(() -> true);
            Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("SW1", "SW2"));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() ->
                    sql.count("select count(*) from refresh_jobs where data_type = 'switched' and status = 'pending'") == 2);
        } finally {
            sql.update("update feature_flags set enabled = true where flag_name = 'use_queue_system'");
        }
        await().atMost(Duration.ofSeconds(3)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'switched' and status = 'completed'") == 2);
    }

    @Test
    void aPausedDataTypesJobsStayUnclaimedWhileOthersRunAndResumingClaimsThem() {
        DataType paused = Fixtures.quoteType(registry, "rollpaused", "rollpaused-p", 5, "paused", null);
        DataType live = Fixtures.quoteType(registry, "rolllive", "rolllive-p", 5, "live", null);
        stubQuotes("rollpaused");
        stubQuotes("rolllive");
        Fixtures.enqueue(enqueuer, pool, paused, JobOrigin.VIEWER, List.of("RP1", "RP2"));
        Fixtures.enqueue(enqueuer, pool, live, JobOrigin.VIEWER, List.of("RL1"));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'rolllive' and status = 'completed'") == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> sql.count(
                "select count(*) from refresh_jobs where data_type = 'rollpaused' and status = 'pending' and attempts = 0") == 2);

        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'rollpaused'");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'rollpaused' and status = 'completed'") == 2);
        assertThat(sql.count("select count(*) from quotes where symbol in ('RP1', 'RP2')")).isEqualTo(2);
    }

    @Test
    void aClaimThatCommitsAfterItsTimeoutGivesItsJobsBackWithTheirAttempts() throws Exception {
        DataType dt = Fixtures.quoteType(registry, "lateclaim", "lateclaim-p", 3, "live", null);
        stubQuotes("lateclaim");
        DatabaseCoordinates db = PostgresTestResource.current();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            // every claim reads the budgets: held off the quota table longer than its 3 s timeout, it then commits
            c.setAutoCommit(false);
            s.execute("lock table provider_quotas in access exclusive mode");
            Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("LC1", "LC2", "LC3"));
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            c.commit();
        }

        // within the 60 s lease: the late claim's jobs were given back at once, not left to lease recovery
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'lateclaim'") == 3);
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'lateclaim' and status = 'completed' and attempts = 1"))
                .as("the late claim spent no attempt").isEqualTo(3);
    }

    @Test
    void callsOfABatchGivenUpByTheRunTimeoutAreCountedWhenItsLeasesAreRecovered() {
        DataType dt = Fixtures.quoteType(registry, "cutoff", "cutoff-p", 3, "paused", null);
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/cutoff")).willReturn(aResponse().withFixedDelay(3000)
                .withBody(Fixtures.quoteJson("CUT", "5", 1_700_000_000))));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("CUT"));
        List<String> others = registry.all().stream().map(d -> d.dataType()).filter(n -> !n.equals("cutoff")).toList();
        List<ClaimedJob> jobs = claimer.claimShiftedBy(Duration.ZERO, "cut-processor", 10, Duration.ofSeconds(1), claimer.policy().withPacing(1.0), List.of(), others).await().atMost(Duration.ofSeconds(10));
        assertThat(jobs).hasSize(1);

        // as the claim loop does with run-timeout: the batch is given up while its call is under way
        runner.run(jobs).ifNoItem().after(Duration.ofMillis(500)).fail().subscribe().with(x -> { }, e -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> served("/t/cutoff") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from refresh_jobs where data_type = 'cutoff' and lease_expires_at < now()") == 1);
        pool.query(JobSql.RECOVER_EXPIRED_LEASES).execute().await().atMost(Duration.ofSeconds(10));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'cutoff-p'"))
                .as("usage is at least the calls the upstream served").isGreaterThanOrEqualTo(served("/t/cutoff"));
        assertThat(sql.count("select count(*) from quotes where symbol = 'CUT'")).as("the given-up run wrote nothing").isZero();
    }

    private static long served(String path) {
        return UpstreamStub.server().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(path)).count();
    }
}
