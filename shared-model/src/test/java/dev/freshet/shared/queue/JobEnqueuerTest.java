package dev.freshet.shared.queue;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class JobEnqueuerTest {

    @Inject
    JobEnqueuer enqueuer;
    @Inject
    Registry registry;
    @Inject
    Pool pool;

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void emptyQueue() {
        sql.update("delete from refresh_jobs");
        sql.update("delete from api_usage");
    }

    private EnqueueResult enqueue(JobOrigin origin, EnqueueCandidate... candidates) {
        DataType profile = registry.find("profile").orElseThrow();
        return enqueuer.enqueue(pool, profile, origin, List.of(candidates)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void queuesOneJobPerSymbolInOneStatement() {
        EnqueueResult r = enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null), new EnqueueCandidate("MSFT", 1, 1021, null));
        assertThat(r.inserted()).containsExactlyInAnyOrder("AAPL", "MSFT");
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile' and status = 'pending'")).isEqualTo(2);
        assertThat(sql.value("select provider from refresh_jobs where symbol = 'AAPL'")).isEqualTo("fmp");
    }

    @Test
    void aSecondEnqueueOfTheSameKeyQueuesNothingNew() {
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null));
        EnqueueResult again = enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null));
        assertThat(again.inserted()).isEmpty();
        assertThat(again.raised()).isEmpty();
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1);
    }

    @Test
    void moreViewersRaiseTheQueuedJobsPriorityAndNeverLowerIt() {
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null));
        EnqueueResult raised = enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 3, 1023, null));
        assertThat(raised.raised()).containsExactly("AAPL");
        assertThat(sql.value("select priority from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1023);
        assertThat(sql.value("select viewer_count from refresh_jobs where symbol = 'AAPL'")).isEqualTo(3);

        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null));
        assertThat(sql.value("select priority from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1023);
    }

    @Test
    void aJobKeepsTheEarliestDeadlineItWasQueuedWith() {
        java.time.Instant soon = java.time.Instant.now().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, soon.plusSeconds(60)));
        EnqueueResult earlier = enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, soon));
        EnqueueResult later = enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, soon.plusSeconds(600)));

        assertThat(earlier.raised()).containsExactly("AAPL");
        assertThat(later.raised()).isEmpty();
        assertThat(sql.value("select extract(epoch from deadline_at) * 1000 from refresh_jobs where symbol = 'AAPL'").toString())
                .startsWith(String.valueOf(soon.toEpochMilli()));

        enqueue(JobOrigin.SCHEDULED, new EnqueueCandidate("MSFT", 0, 20, null));
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("MSFT", 1, 1021, null));
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'MSFT' and deadline_at <= now()"))
                .as("missing data is due when queued").isEqualTo(1);
    }

    @Test
    void aViewerTurnsAQueuedScheduledJobIntoAViewerJob() {
        enqueue(JobOrigin.SCHEDULED, new EnqueueCandidate("AAPL", 0, 20, null));
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null));
        assertThat(sql.value("select origin from refresh_jobs where symbol = 'AAPL'")).isEqualTo("viewer");
        assertThat(sql.value("select priority from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1021);
    }

    @Test
    void enqueueWakesListenersOnTheJobsChannel() throws Exception {
        try (Connection listener = sql.connect(); Statement st = listener.createStatement()) {
            st.execute("listen freshet_jobs");
            enqueue(JobOrigin.VIEWER, new EnqueueCandidate("NVDA", 1, 1021, null));
            var pg = listener.unwrap(org.postgresql.PGConnection.class);
            var notes = pg.getNotifications(5000);
            assertThat(notes).isNotNull();
            assertThat(notes[0].getName()).isEqualTo("freshet_jobs");
        }
    }

    @Test
    void archiveMovesOnlyPendingJobsWhenAskedTo() {
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null), new EnqueueCandidate("MSFT", 1, 1021, null));
        sql.update("update refresh_jobs set status = 'processing', attempts = 1 where symbol = 'MSFT'");
        Long[] ids = sql.rows("select job_id from refresh_jobs order by symbol").stream()
                .map(r -> ((Number) r.get("job_id")).longValue()).toArray(Long[]::new);
        var archived = pool.preparedQuery(JobSql.ARCHIVE)
                .execute(io.vertx.mutiny.sqlclient.Tuple.tuple(List.of(ids, "cancelled",
                        java.time.OffsetDateTime.now(), "cancelled by test", true)))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(archived.rowCount()).isEqualTo(1);
        assertThat(sql.count("select count(*) from refresh_jobs")).isEqualTo(1);
        assertThat(sql.value("select status from refresh_job_history where symbol = 'AAPL' and last_error = 'cancelled by test'"))
                .isEqualTo("cancelled");
    }

    @Test
    void expiredLeasesReturnToPendingOrFailWhenAttemptsAreSpent() {
        enqueue(JobOrigin.VIEWER, new EnqueueCandidate("AAPL", 1, 1021, null), new EnqueueCandidate("MSFT", 1, 1021, null),
                new EnqueueCandidate("IBM", 1, 1021, null));
        sql.update("""
                update refresh_jobs set status = 'processing', claimed_by = 'dead-1', claimed_at = now() - interval '5 minutes',
                       lease_expires_at = now() - interval '1 minute', reserved_calls = 1, reserved_bytes = 500,
                       attempts = case symbol when 'MSFT' then max_attempts else 1 end
                where symbol in ('AAPL', 'MSFT')""");
        sql.update("update refresh_jobs set status = 'processing', attempts = 1, lease_expires_at = now() + interval '1 minute' where symbol = 'IBM'");

        var row = pool.query(JobSql.RECOVER_EXPIRED_LEASES).execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next();

        assertThat(row.getLong("requeued")).isEqualTo(1);
        assertThat(row.getLong("failed")).isEqualTo(1);
        assertThat(sql.rows("select status, attempts, reserved_calls, claimed_by from refresh_jobs where symbol = 'AAPL'").get(0))
                .containsEntry("status", "pending").containsEntry("attempts", 1)
                .containsEntry("reserved_calls", 0).containsEntry("claimed_by", null);
        assertThat(sql.value("select status from refresh_job_history where symbol = 'MSFT'")).isEqualTo("failed");
        assertThat(sql.value("select status from refresh_jobs where symbol = 'IBM'")).isEqualTo("processing");
        assertThat(row.getLong("calls_counted")).as("both lapsed reservations, not the live one").isEqualTo(2);
        assertThat(sql.rows("select sum(calls)::int as calls, sum(bytes)::bigint as bytes from api_usage where provider = ?",
                sql.value("select provider from refresh_jobs where symbol = 'IBM'")).get(0))
                .as("the lapsed reservations became usage: their calls may have been made")
                .containsEntry("calls", 2).containsEntry("bytes", 1000L);
    }
}
