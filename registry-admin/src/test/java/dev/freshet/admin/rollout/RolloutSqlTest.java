package dev.freshet.admin.rollout;

import dev.freshet.shared.registry.RegistrySql;
import dev.freshet.shared.registry.RolloutState;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The rollout statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RolloutSqlTest extends StatementTest {

    private static final String TYPE = "rolloutsql-quote";
    private static final Instant T = Instant.parse("2025-06-02T10:00:00Z");


    @BeforeEach
    void typeExists() {
        clean();
        dataType(TYPE).rolloutState("shadow").insert(sql);
    }

    @AfterEach
    void clean() {
        sql.forgetDataTypes("rolloutsql-%");
    }

    @Test
    void lockReadsTheStateAndVersion() {
        Row r = execute(RolloutSql.LOCK, TYPE).get(0);

        assertThat(r.getString("rollout_state")).isEqualTo("shadow");
        assertThat(r.getInteger("version")).isEqualTo(1);
        assertThat(execute(RolloutSql.LOCK, "rolloutsql-none")).isEmpty();
    }

    @Test
    void setStateChangesTheStateBumpsTheVersionAndAuditsBeforeAndAfter() {
        Row r = execute(RolloutSql.SET_STATE, TYPE, "live", "alice", "shadow", 0).get(0);

        assertThat(RegistrySql.map(r).rolloutState()).isEqualTo(RolloutState.LIVE);
        assertThat(r.getInteger("version")).isEqualTo(2);
        assertThat(r.getString("updated_by")).isEqualTo("alice");
        assertThat(sql.count("select count(*) from data_type_registry where data_type = ? and enabled", TYPE))
                .as("enabled follows the state").isEqualTo(1);
        assertThat(sql.rows("""
                select actor, entity_type, action, before ->> 'rolloutState' as before, after ->> 'rolloutState' as after,
                       after ->> 'cancelledJobs' as cancelled
                from audit_log where entity_id = ?""", TYPE))
                .extracting(m -> m.get("actor"), m -> m.get("entity_type"), m -> m.get("action"), m -> m.get("before"),
                        m -> m.get("after"), m -> m.get("cancelled"))
                .containsExactly(tuple("alice", "registry", "rollout", "shadow", "live", "0"));
    }

    @Test
    void pendingJobIdsAreThePendingJobsOfTheDataTypeOnly() {
        job(TYPE, "A").insert(sql);
        job(TYPE, "B").processingSql("p1", "now()", "now() + interval '1 minute'").insert(sql);
        job("profile", "RSQL").insert(sql);

        Long[] ids = execute(RolloutSql.PENDING_JOB_IDS, TYPE).get(0).getArrayOfLongs("ids");

        assertThat(ids).hasSize(1);
        assertThat(sql.count("select count(*) from refresh_jobs where job_id = ? and symbol = 'A'", ids[0])).isEqualTo(1);
        sql.update("delete from refresh_jobs where symbol = 'RSQL'");
    }

    @Test
    void summaryCountsTheWindowsRecordsByKind() {
        shadow("A", 1L, "{\"price\": 10}", "{\"price\": 10}", false, T);
        shadow("B", 1L, "{\"price\": 11}", "{\"price\": 10}", true, T.plusSeconds(10));
        shadow("C", 2L, "{\"price\": 12}", null, true, T.plusSeconds(20));
        shadow("D", 2L, null, "{\"price\": 13}", true, T.plusSeconds(30));
        shadow("E", 3L, "{\"price\": 14}", "{\"price\": 14}", false, T.plusSeconds(3600));   // after the window
        shadowOf("rolloutsql-other", "A", 4L, "{\"price\": 1}", "{\"price\": 2}", true, T);   // another data type

        Row r = execute(RolloutSql.SUMMARY, TYPE, at(T), at(T.plusSeconds(60))).get(0);

        assertThat(r.getInteger("refreshes")).isEqualTo(2);
        assertThat(r.getInteger("rows")).isEqualTo(4);
        assertThat(r.getInteger("matching")).isEqualTo(1);
        assertThat(r.getInteger("differing")).isEqualTo(1);
        assertThat(r.getInteger("missing_in_live")).isEqualTo(1);
        assertThat(r.getInteger("missing_in_new")).isEqualTo(1);
        assertThat(r.getOffsetDateTime("first_at").toInstant()).isEqualTo(T);
        assertThat(r.getOffsetDateTime("last_at").toInstant()).isEqualTo(T.plusSeconds(30));
    }

    @Test
    void differingColumnsCountsRowsPerColumnAmongRowsPresentOnBothSides() {
        shadow("A", 1L, "{\"price\": 11, \"name\": \"a\"}", "{\"price\": 10, \"name\": \"a\"}", true, T);
        shadow("B", 1L, "{\"price\": 12, \"name\": \"b\"}", "{\"price\": 10, \"name\": \"x\"}", true, T);
        shadow("C", 1L, "{\"price\": 12.0, \"name\": \"c\"}", "{\"price\": 12, \"name\": \"c\"}", false, T);
        shadow("D", 1L, "{\"price\": 12}", null, true, T);

        List<Row> rows = execute(RolloutSql.DIFFERING_COLUMNS, TYPE, at(T), at(T.plusSeconds(1)));

        assertThat(rows).extracting(r -> r.getString("column_name"), r -> r.getInteger("rows"))
                .containsExactly(tuple("price", 2), tuple("name", 1));
    }

    @Test
    void samplesAreTheNewestDifferingOrMissingRowsUpToTheLimit() {
        shadow("A", 1L, "{\"price\": 10}", "{\"price\": 10}", false, T.plusSeconds(5));
        shadow("B", 1L, "{\"price\": 11}", "{\"price\": 10}", true, T);
        shadow("C", 1L, "{\"price\": 12}", null, true, T.plusSeconds(1));
        shadow("D", 1L, "{\"price\": 13}", "{\"price\": 1}", true, T.plusSeconds(2));

        List<Row> rows = execute(RolloutSql.SAMPLES, TYPE, at(T), at(T.plusSeconds(60)), 2);

        assertThat(rows).extracting(r -> r.getString("symbol")).containsExactly("D", "C");
    }

    private void shadow(String symbol, Long job, String newRow, String liveRow, boolean differs, Instant at) {
        shadowOf(TYPE, symbol, job, newRow, liveRow, differs, at);
    }

    private void shadowOf(String type, String symbol, Long job, String newRow, String liveRow, boolean differs, Instant at) {
        sql.update("""
                insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, job_id, recorded_at)
                values (?, ?, jsonb_build_object('symbol', ?::text), ?::jsonb, ?::jsonb, ?, ?, ?)""",
                type, symbol, symbol, newRow, liveRow, differs, job, at(at));
    }
}
