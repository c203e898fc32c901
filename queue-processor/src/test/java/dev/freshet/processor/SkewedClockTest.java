package dev.freshet.processor;

import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor whose JVM clock runs 5 minutes behind the database's: it claims, leases, backs off and
 * settles usage by the database's clock, so it keeps within the provider's budget and a lease
 * recovery running alongside (judging by the database's clock) never takes one of its live leases.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(SkewedClockTest.Behind.class)
class SkewedClockTest extends ProcessorTestBase {

    /** This application's clock: 5 minutes behind. */
    @Alternative
    public static class BehindClock {
        @Produces
        @Singleton
        Clock clock() {
            return Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5));
        }
    }

    public static class Behind implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BehindClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // the whole minute's budget at once, so the test reaches it in seconds
            return Map.of("freshet.processor.quota-pacing-burst", "1");
        }
    }

    @Inject
    Clock clock;

    @Test
    void aProcessorFiveMinutesBehindKeepsTheBudgetAndNoLiveLeaseIsRecovered() throws Exception {
        assertThat(Duration.between(clock.instant(), java.time.Instant.now())).isGreaterThan(Duration.ofMinutes(4));
        quota("skewp").callsPerMinute(40).safetyMarginPct(0).onDemandReservePct(0).insert(sql);
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/skew-quote"))
                .willReturn(aResponse().withFixedDelay(50).withBody(Fixtures.quoteJson("SKEW", "12.5", 1_700_000_000))));
        DataType dt = Fixtures.quoteType(registry, "skew-quote", "skewp", 3, "live", null);
        AtomicBoolean checking = new AtomicBoolean(true);
        AtomicLong recovered = new AtomicLong();
        // a lease recovery running all along, as the checker does
        Thread checker = Thread.ofPlatform().start(() -> {
            while (checking.get()) {
                var row = pool.query(JobSql.RECOVER_EXPIRED_LEASES).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
                recovered.addAndGet(row.getLong("requeued") + row.getLong("failed"));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, IntStream.range(0, 100).mapToObj(i -> "SK" + i).toList());

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    sql.count("select count(*) from refresh_job_history where data_type = 'skew-quote'") >= 40);
            Thread.sleep(500);
        } finally {
            checking.set(false);
            checker.join();
        }

        assertThat(recovered.get()).as("no live lease was recovered").isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'skew-quote' and status = 'processing'"
                + " and lease_expires_at > now() + interval '61 seconds'")).as("leases set by the database's clock").isZero();
        assertThat(sql.count("select count(*) from api_usage where provider = 'skewp'"
                + " and (bucket_start > now() or bucket_start < now() - interval '2 minutes')"))
                .as("usage settled in the database's minutes").isZero();
        assertThat(sql.count("select coalesce(max(calls), 0) from api_usage where provider = 'skewp'"))
                .as("never more than the minute's budget").isLessThanOrEqualTo(40);
        long served = UpstreamStub.server().countRequestsMatching(getRequestedFor(urlPathEqualTo("/t/skew-quote")).build()).getCount();
        // calls still in flight (a new minute may have begun) are counted by their reservations until they settle
        assertThat(sql.count("select (select coalesce(sum(calls), 0) from api_usage where provider = 'skewp')"
                + " + (select coalesce(sum(reserved_calls), 0) from refresh_jobs where provider = 'skewp' and status = 'processing')"))
                .as("every call served is counted").isGreaterThanOrEqualTo(served);
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'skew-quote' and last_error like 'lease expired%'"))
                .isZero();
    }
}
