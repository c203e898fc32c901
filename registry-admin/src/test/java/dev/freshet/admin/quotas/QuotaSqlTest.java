package dev.freshet.admin.quotas;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import dev.freshet.testsupport.rows.UsageRow;

import java.time.Instant;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The quota statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class QuotaSqlTest extends StatementTest {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:30Z");


    @BeforeEach
    @AfterEach
    void clean() {
        sql.forgetProviders("qsql%");
    }

    private void usage(String provider, String bucket, int calls, long bytes, int rateLimited, int errors) {
        UsageRow.usage(provider, Instant.parse(bucket)).calls(calls).bytes(bytes).rateLimited(rateLimited).errors(errors).insert(sql);
    }

    private Row set(int callsPerMinute, Integer expectedVersion) {
        return set(callsPerMinute, expectedVersion, null, null, null);
    }

    private Row set(int callsPerMinute, Integer expectedVersion, String universe, Integer notFoundBase, Integer notFoundMax) {
        return execute(QuotaSql.SET, "qsql", callsPerMinute, null, null, null, new BigDecimal("10"), new BigDecimal("20"), 8, 10000,
                "alice", expectedVersion, universe, notFoundBase, notFoundMax).get(0);
    }

    private String settings() {
        return (String) sql.value("""
                select coalesce(universe_data_type, 'null') || '/' || not_found_base_seconds || '/' || not_found_max_seconds
                from provider_quotas where provider = 'qsql'""");
    }

    @Test
    void setKeepsTheKnownSymbolSettingsLeftOutAndAnEmptyUniverseRemovesIt() {
        set(50, null);
        assertThat(settings()).as("defaults on create").isEqualTo("null/900/86400");
        set(50, 1, "some-list", 60, 600);
        set(60, 2, null, null, null);
        assertThat(settings()).isEqualTo("some-list/60/600");
        set(60, 3, "", null, null);
        assertThat(sql.value("select universe_data_type from provider_quotas where provider = 'qsql'")).isNull();
    }

    @Test
    void setCreatesOnlyWithoutAVersionAndUpdatesOnlyTheCurrentVersionAuditingWhatItWrites() {
        Row stale = set(50, 1);
        assertThat(stale.getBoolean("existed")).isFalse();
        assertThat(stale.getString("written")).as("an update of nothing").isNull();

        Row created = set(100, null);
        assertThat(created.getBoolean("existed")).isFalse();
        assertThat(created.getString("written")).isEqualTo("qsql");

        Row again = set(110, null);
        assertThat(again.getBoolean("existed")).isTrue();
        assertThat(again.getInteger("current_version")).isEqualTo(1);
        assertThat(again.getString("written")).as("a create of an existing quota").isNull();

        Row updated = set(120, 1);
        assertThat(updated.getString("written")).isEqualTo("qsql");
        Row lost = set(130, 1);
        assertThat(lost.getInteger("current_version")).isEqualTo(2);
        assertThat(lost.getString("written")).as("a lost update").isNull();

        assertThat(sql.rows("select calls_per_minute, version, updated_by from provider_quotas where provider = 'qsql'").get(0))
                .containsEntry("calls_per_minute", 120).containsEntry("version", 2).containsEntry("updated_by", "alice");
        assertThat(sql.rows("select action, after ->> 'calls_per_minute' as calls from audit_log where entity_type = 'quota' and entity_id = 'qsql' order by audit_id"))
                .extracting(m -> m.get("action"), m -> m.get("calls")).containsExactly(tuple("create", "100"), tuple("update", "120"));
    }

    @Test
    void withUsageSumsEachWindowAndTheProcessingReservationsOfTheNamedProvider() {
        quota("qsql").callsPerMinute(100).callsPerDay(1000).bytesPerWindow(10_000, 3600).insert(sql);
        quota("qsql2").callsPerMinute(5).insert(sql);
        usage("qsql", "2025-05-01T12:00:00Z", 3, 100, 1, 0);        // this minute
        usage("qsql", "2025-05-01T11:30:00Z", 5, 200, 0, 2);        // last hour
        usage("qsql", "2025-05-01T09:00:00Z", 7, 400, 4, 4);        // today only
        usage("qsql", "2025-04-30T23:00:00Z", 11, 800, 0, 0);       // yesterday
        usage("qsql", "2025-05-01T12:05:00Z", 13, 1600, 0, 0);      // after now
        job("quote", "QA").provider("qsql").processing("p1", NOW, NOW.plusSeconds(60)).reserved(2, 30).insert(sql);
        job("quote", "QB").provider("qsql").insert(sql);

        List<Row> rows = execute(QuotaSql.WITH_USAGE, at(NOW), "qsql", at(Instant.parse("2025-05-01T11:00:00Z")));

        assertThat(rows).hasSize(1);
        Row q = rows.get(0);
        assertThat(q.getLong("calls_this_minute")).isEqualTo(3);
        assertThat(q.getLong("calls_today")).isEqualTo(15);
        assertThat(q.getLong("bytes_in_window")).isEqualTo(300);
        assertThat(q.getLong("calls_recent")).isEqualTo(8);
        assertThat(q.getLong("bytes_recent")).isEqualTo(300);
        assertThat(q.getLong("rate_limited_last_hour")).isEqualTo(1);
        assertThat(q.getLong("errors_last_hour")).isEqualTo(2);
        assertThat(q.getLong("reserved_calls")).isEqualTo(2);
        assertThat(q.getLong("reserved_bytes")).isEqualTo(30);
        assertThat(q.getLong("processing_jobs")).isEqualTo(1);
        assertThat(execute(QuotaSql.WITH_USAGE, at(NOW), null, at(NOW)).stream().map(r -> r.getString("provider")).toList())
                .isSorted().contains("qsql", "qsql2", "fmp");
    }

    @Test
    void usageBucketsGroupByProviderAndUnitWithinTheRange() {
        usage("qsql", "2025-05-01T10:00:00Z", 1, 10, 0, 0);
        usage("qsql", "2025-05-01T10:59:00Z", 2, 20, 1, 0);
        usage("qsql", "2025-05-01T11:00:00Z", 4, 40, 0, 1);
        usage("qsql", "2025-05-01T12:00:00Z", 8, 80, 0, 0);          // at the end: excluded
        usage("qsql2", "2025-05-01T10:00:00Z", 16, 160, 0, 0);

        List<Row> rows = execute(QuotaSql.USAGE_BUCKETS, "hour", at(Instant.parse("2025-05-01T10:00:00Z")),
                at(Instant.parse("2025-05-01T12:00:00Z")), "qsql");

        assertThat(rows).extracting(r -> r.getOffsetDateTime("bucket").toInstant(), r -> r.getLong("calls"), r -> r.getLong("bytes"),
                r -> r.getLong("rate_limited"), r -> r.getLong("errors")).containsExactly(
                tuple(Instant.parse("2025-05-01T10:00:00Z"), 3L, 30L, 1L, 0L),
                tuple(Instant.parse("2025-05-01T11:00:00Z"), 4L, 40L, 0L, 1L));
    }
}
