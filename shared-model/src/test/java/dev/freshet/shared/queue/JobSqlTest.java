package dev.freshet.shared.queue;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared queue statements on the real database (ENQUEUE is covered by JobEnqueuerTest). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class JobSqlTest extends StatementTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void emptyQueue() {
        sql.emptyQueue("active_subscriptions", "api_usage");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private Map<String, Object> history(long jobId) {
        return sql.rows("select * from refresh_job_history where job_id = ?", jobId).get(0);
    }

    @Test
    void archiveMovesJobsToHistoryWithTheirEndAndKeepsTheLastErrorWhenGivenNone() {
        long failing = job("profile", "AAPL").priority(20).viewers(3).attempts(2).lastError("HTTP 503").insert(sql);
        long plain = job("profile", "MSFT").insert(sql);

        List<Row> moved = execute(JobSql.ARCHIVE, new Long[]{failing, plain}, "cancelled", utc(now), null, false);

        assertThat(moved.size()).isEqualTo(2);
        assertThat(sql.count("select count(*) from refresh_jobs")).isZero();
        Map<String, Object> h = history(failing);
        assertThat(h.get("status")).isEqualTo("cancelled");
        assertThat(h.get("last_error")).isEqualTo("HTTP 503");
        assertThat(h.get("priority")).isEqualTo(20);
        assertThat(h.get("viewer_count")).isEqualTo(3);
        assertThat(h.get("attempts")).isEqualTo(2);
        assertThat(h.get("origin")).isEqualTo("viewer");
        assertThat(h.get("http_status")).isNull();
        assertThat(sql.count("select count(*) from refresh_job_history where job_id = ? and finished_at = ?", failing, utc(now)))
                .isEqualTo(1);
    }

    @Test
    void archiveOfPendingJobsOnlyNeverTakesARunningJob() {
        long pending = job("profile", "AAPL").insert(sql);
        long running = job("profile", "MSFT").processing("p1", now, now.plusSeconds(60)).insert(sql);

        List<Row> moved = execute(JobSql.ARCHIVE, new Long[]{pending, running}, "cancelled", utc(now), "cancelled by admin", true);

        assertThat(moved.size()).isEqualTo(1);
        assertThat(moved.get(0).getLong("job_id")).isEqualTo(pending);
        assertThat(history(pending).get("last_error")).isEqualTo("cancelled by admin");
        assertThat(sql.value("select status from refresh_jobs where job_id = ?", running)).isEqualTo("processing");
    }

    @Test
    void recoverExpiredLeasesRequeuesOrFailsAndLeavesLiveLeasesAlone() {
        long retry = job("profile", "RETRY").attempts(1).maxAttempts(3).reserved(1, 500)
                .processing("p1", now.minusSeconds(90), now.minusSeconds(30)).insert(sql);
        long spent = job("profile", "SPENT").attempts(3).maxAttempts(3)
                .processing("p2", now.minusSeconds(90), now.minusSeconds(30)).insert(sql);
        long alive = job("profile", "ALIVE").attempts(1).processing("p3", now, now.plusSeconds(60)).insert(sql);

        Row r = execute(JobSql.RECOVER_EXPIRED_LEASES).get(0);

        assertThat(r.getLong("requeued")).isEqualTo(1);
        assertThat(r.getLong("failed")).isEqualTo(1);
        Map<String, Object> back = sql.rows("select * from refresh_jobs where job_id = ?", retry).get(0);
        assertThat(back.get("status")).isEqualTo("pending");
        assertThat(back.get("attempts")).isEqualTo(1);
        assertThat(back.get("claimed_by")).isNull();
        assertThat(back.get("reserved_calls")).isEqualTo(0);
        assertThat(back.get("last_error")).isEqualTo("lease expired on p1");
        Map<String, Object> failed = history(spent);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("last_error")).isEqualTo("lease expired on p2 after the last attempt");
        assertThat(failed.get("claimed_by")).isEqualTo("p2");
        assertThat(sql.value("select status from refresh_jobs where job_id = ?", alive)).isEqualTo("processing");
        assertThat(r.getLong("calls_counted")).as("the lapsed reservation, not the live one").isEqualTo(1);
        assertThat(sql.rows("select sum(calls)::int as calls, sum(bytes)::bigint as bytes from api_usage where provider = 'fmp'").get(0))
                .as("a lapsed reservation becomes usage: its call may have been made")
                .containsEntry("calls", 1).containsEntry("bytes", 500L);
    }

    @Test
    void decayLowersOnlyTheNamedPairsToTheirLiveViewers() {
        job("profile", "AAPL").priority(1025).viewers(5).insert(sql);
        job("profile", "MSFT").priority(1025).viewers(5).insert(sql);
        sql.update("insert into active_subscriptions (client_id, symbol, data_type, last_seen_at) values ('c1', 'AAPL', 'profile', now())");

        List<Row> lowered = new ArrayList<>();
        execute(JobSql.DECAY_VIEWER_PRIORITIES, utc(now.minusSeconds(90)), Priorities.VIEWER_BASE, Priorities.MAX_VIEWER_BOOST,
                new String[]{"profile"}, new String[]{"AAPL"}).forEach(lowered::add);

        assertThat(lowered).hasSize(1);
        int profilePriority = ((Number) sql.value("select priority from data_type_registry where data_type = 'profile'")).intValue();
        assertThat(sql.value("select priority from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1000 + profilePriority + 1);
        assertThat(sql.value("select viewer_count from refresh_jobs where symbol = 'AAPL'")).isEqualTo(1);
        assertThat(sql.value("select viewer_count from refresh_jobs where symbol = 'MSFT'")).as("not named").isEqualTo(5);
    }
}
