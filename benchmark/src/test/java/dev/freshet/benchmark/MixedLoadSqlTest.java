package dev.freshet.benchmark;

import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.Migrations;
import dev.freshet.launcher.PortCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The mixed-load scenario's statements on a real (embedded) PostgreSQL, migrated and read as the bench does. */
class MixedLoadSqlTest {

    @TempDir
    static Path home;
    static LocalDatabase database;
    static BenchSql sql;

    @BeforeAll
    static void open() throws Exception {
        database = LocalDatabase.open(LaunchOptions.parse(new String[] {"db", "--home", home.toString(), "--reset",
                "--db-port", String.valueOf(PortCheck.freePort())}, Path.of("..").toAbsolutePath().normalize()));
        Migrations.apply(database);
        sql = new BenchSql(database);
        sql.update("update data_type_registry set tier = 'critical' where data_type = 'quote'");
        sql.update("update data_type_registry set tier = 'standard' where data_type = 'profile'");
    }

    @AfterAll
    static void close() throws Exception {
        database.close();
    }

    @Test
    void claimsBySecondCountsTheFmpJobsThatMadeCallsPerTierAndTenSecondsOfTheMinute() {
        // the minute from 10:00:00 UTC on 2026-12-01, as epochs
        double from = 1_796_119_200;
        history(1, "quote", "fmp", "viewer", "10:00:03", 200);
        history(2, "quote", "fmp", "viewer", "10:00:07", 200);
        history(3, "profile", "fmp", "viewer", "10:00:15", 200);
        history(4, "profile", "fmp", "scheduled", "10:00:59", 200);
        history(5, "quote", "fmp", "ride_along", "10:00:04", 200);
        history(6, "profile", "fmp", "viewer", "10:00:20", null);
        history(7, "profile", "polygon", "viewer", "10:00:21", 200);
        history(8, "profile", "fmp", "viewer", "10:01:05", 200);

        String text = sql.text(MixedLoad.CLAIMS_BY_SECOND, from, from + 60);

        assertThat(text).as("riders, jobs without a call, other providers and other minutes left out")
                .isEqualTo("critical :0 2, standard :10 1, standard :50 1");
    }

    private static void history(long jobId, String dataType, String provider, String origin, String claimedAt, Integer httpStatus) {
        String at = "2026-12-01 " + claimedAt + "+00";
        sql.update("""
                insert into refresh_job_history (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts,
                                                 enqueued_at, claimed_at, claimed_by, finished_at, http_status)
                values (?, ?, 'AAPL', ?, 0, ?, 1, 'completed', 1, ?::timestamptz - interval '1 second', ?::timestamptz, 'bench',
                        ?::timestamptz + interval '1 second', ?)""",
                jobId, dataType, provider, origin, at, at, at, httpStatus);
    }
}
