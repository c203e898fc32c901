package dev.freshet.processor.ridealong;

import dev.freshet.processor.Fixtures;
import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static dev.freshet.testsupport.rows.UsageRow.usageThisMinute;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link RideAlongSql#claimRiders} on the real database: which cached pairs ride, and how they are queued. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class RideAlongSqlTest extends ProcessorTestBase {

    @AfterEach
    void forgetRiders() {
        sql.update("delete from refresh_jobs where data_type like 'rsql-%'");
    }

    /** A cached quote written {@code minutesAgo} minutes ago: a century and more for the stale ones, older than any other test's. */
    private void cached(String symbol, int minutesAgo) {
        sql.update("""
                insert into quotes (symbol, name, price, refreshed_at) values (?, 'cached', 1, now() - make_interval(mins => ?))
                on conflict (symbol) do update set refreshed_at = excluded.refreshed_at""", symbol, minutesAgo);
    }

    /** A quote type of its own on a provider of its own, with no cached quote of the test's symbols. */
    private DataType riderType(String provider, String dataType, String symbolPrefix) {
        quota(provider).insert(sql);
        DataType dt = Fixtures.quoteType(registry, dataType, provider, 5, "paused", null);
        sql.update("delete from quotes where symbol like ?", symbolPrefix + "%");
        return dt;
    }

    private List<Row> claim(DataType dt, String provider, int most) {
        return claim(dt, provider, most, 48.0, 30.0);
    }

    /** @param staleAge seconds after which any pair rides; @param viewedAge seconds after which a viewed pair rides */
    private List<Row> claim(DataType dt, String provider, int most, double staleAge, double viewedAge) {
        OffsetDateTime claimedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return execute(RideAlongSql.claimRiders(dt), dt.dataType(), staleAge, provider, most, claimedAt, "rider-test", 60.0, 400L, viewedAge);
    }

    @Test
    void pairsSomebodyViewsRideFirstOnceHalfTheirTtlHasPassedThenStalePairsAndNeverAViewedPairRefreshedSinceThen() {
        DataType dt = riderType("rsqlv", "rsql-viewed", "RSQLV");
        cached("RSQLVSEEN", 60);
        cached("RSQLVSEENYOUNG", 10);
        cached("RSQLVSTALE", 60_000_000);
        cached("RSQLVUNSEEN", 60);
        sql.update("""
                insert into active_subscriptions (client_id, symbol, data_type) values
                ('rider-viewer', 'RSQLVSEEN', 'rsql-viewed'), ('rider-viewer', 'RSQLVSEENYOUNG', 'rsql-viewed')""");
        try {
            // any pair rides after two hours, a viewed one first after half an hour
            assertThat(claim(dt, "rsqlv", 1, 7200.0, 1800.0)).extracting(r -> r.getString("symbol"))
                    .as("a viewed pair past the viewed age goes before the stalest unviewed one").containsExactly("RSQLVSEEN");
            // other tests' stale quotes may ride as well: only this test's are judged, and there is at least one stale pair
            List<String> next = symbols(claim(dt, "rsqlv", 1, 7200.0, 1800.0));
            assertThat(next).as("then a pair past the stale age, before a viewed pair younger than the viewed age")
                    .hasSize(1).doesNotContain("RSQLVSEENYOUNG");
            List<String> rest = symbols(claim(dt, "rsqlv", 1000, 7200.0, 1800.0));
            assertThat(java.util.stream.Stream.concat(next.stream(), rest.stream()).filter(s -> s.startsWith("RSQLV")))
                    .as("then the stale pairs; never a viewed pair younger than the viewed age, nor an unviewed one younger than the stale age")
                    .containsExactly("RSQLVSTALE");
        } finally {
            sql.update("delete from active_subscriptions where client_id = 'rider-viewer'");
        }
    }

    private static List<String> symbols(List<Row> rows) {
        return rows.stream().map(r -> r.getString("symbol")).toList();
    }

    @Test
    void theStalestPairsNoJobCoversRideOutsideTheNegativeCacheAsClaimedOneAttemptJobs() {
        DataType dt = riderType("rsqlp", "rsql-quote", "RSQL");
        cached("RSQLOLDEST", 60_000_000);
        cached("RSQLOLD", 59_000_000);
        cached("RSQLQUEUED", 59_500_000);
        cached("RSQLMISSING", 59_600_000);
        cached("RSQLNEWER", 58_000_000);
        cached("RSQLFRESH", 0);
        job("rsql-quote", "RSQLQUEUED").provider("rsqlp").processing("another-call", java.time.Instant.now(),
                java.time.Instant.now().plusSeconds(60)).insert(sql);
        sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, not_found_until, http_status, last_error)
                values ('rsql-quote', 'RSQLMISSING', 'rsqlp', now() + interval '1 hour', 404, 'none')""");

        List<Row> riders = claim(dt, "rsqlp", 2);

        assertThat(riders).extracting(r -> r.getString("symbol")).as("stalest first, as many as asked")
                .containsExactlyInAnyOrder("RSQLOLDEST", "RSQLOLD");
        assertThat(sql.count("""
                select count(*) from refresh_jobs where data_type = 'rsql-quote' and origin = 'ride_along' and status = 'processing'
                   and claimed_by = 'rider-test' and attempts = 1 and max_attempts = 1 and reserved_calls = 0
                   and lease_expires_at > now() + interval '50 seconds'""")).isEqualTo(2);

        // other tests' cached quotes may ride too: only this test's are judged
        assertThat(claim(dt, "rsqlp", 100)).extracting(r -> r.getString("symbol")).filteredOn(s -> s.startsWith("RSQL"))
                .as("never a pair another call runs, a fresh or a missing pair").containsExactly("RSQLNEWER");
    }

    @Test
    void jobsOfTheTypeStillQueuedGoFirstSoonestDueClaimedByTheCallWithTheirAttemptThenCachedPairsFillTheRest() {
        DataType dt = riderType("rsqlq", "rsql-queued", "RSQLQ");
        cached("RSQLQSTALE", 60_000_000);
        cached("RSQLQLATER", 60_000_000);
        job("rsql-queued", "RSQLQLATER").provider("rsqlq").viewers(2).deadlineAtSql("now() + interval '30 seconds'").insert(sql);
        job("rsql-queued", "RSQLQSOON").provider("rsqlq").viewers(1).attempts(1).deadlineAtSql("now() + interval '5 seconds'").insert(sql);
        job("rsql-queued", "RSQLQWAITS").provider("rsqlq").runAfterSql("now() + interval '1 minute'").insert(sql);
        // a scheduled job due between the viewers' two: on-demand and scheduled jobs are walked apart, then merged by deadline
        job("rsql-queued", "RSQLQMID").provider("rsqlq").deadlineAtSql("now() + interval '15 seconds'").insert(sql);

        List<Row> rows = claim(dt, "rsqlq", 3);
        assertThat(rows).extracting(r -> r.getString("symbol")).as("the queued jobs, soonest due first, before any cached pair")
                .containsExactly("RSQLQSOON", "RSQLQMID", "RSQLQLATER");
        assertThat(rows).extracting(r -> r.getString("origin"), r -> r.getInteger("viewer_count"), r -> r.getInteger("attempts"))
                .as("their origin and viewers kept, their attempt counted").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("viewer", 1, 2), org.assertj.core.groups.Tuple.tuple("scheduled", 0, 1),
                        org.assertj.core.groups.Tuple.tuple("viewer", 2, 1));
        assertThat(sql.count("""
                select count(*) from refresh_jobs where data_type = 'rsql-queued' and symbol in ('RSQLQSOON', 'RSQLQMID', 'RSQLQLATER')
                   and status = 'processing' and claimed_by = 'rider-test' and reserved_calls = 0""")).isEqualTo(3);

        assertThat(symbols(claim(dt, "rsqlq", 100))).filteredOn(s -> s.startsWith("RSQLQ"))
                .as("then cached pairs; never a job waiting out its backoff, nor a pair a job covers")
                .containsExactly("RSQLQSTALE");
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'RSQLQWAITS' and status = 'pending'"))
                .isEqualTo(1);
    }

    @Test
    void aProviderWhoseBudgetCountsBytesTakesOnlyAsManyRidersAsItsWindowHasRoomFor() {
        // 10,000 usable bytes in the window: 8,000 settled and 800 reserved leave 1,200, room for three riders of 400
        quota("rsqlb").bytesPerWindow(10_000, 3600).safetyMarginPct(0).insert(sql);
        DataType dt = Fixtures.quoteType(registry, "rsql-bytes", "rsqlb", 5, "paused", null);
        usageThisMinute("rsqlb").calls(3).bytes(8000).insert(sql);
        job("rsql-bytes", "RSQLBUSY").provider("rsqlb").reserved(1, 800).processing("other", java.time.Instant.now(),
                java.time.Instant.now().plusSeconds(60)).insert(sql);
        for (int i = 0; i < 5; i++) {
            cached("RSQLBYTES" + i, 60_000_000 - i);
        }

        assertThat(claim(dt, "rsqlb", 10)).hasSize(3);
        assertThat(sql.count("select coalesce(sum(reserved_bytes), 0) from refresh_jobs where provider = 'rsqlb' and origin = 'ride_along'"))
                .as("each rider reserves its estimate").isEqualTo(1200);
        assertThat(claim(dt, "rsqlb", 10)).as("the window is full now").isEmpty();
    }
}
