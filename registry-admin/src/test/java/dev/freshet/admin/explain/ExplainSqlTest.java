package dev.freshet.admin.explain;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The explain look-ups on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ExplainSqlTest extends StatementTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void clean() {
        sql.emptyQueue("active_subscriptions");
        sql.update("delete from provider_circuit_state where provider = 'xsql'");
    }

    @Test
    void hotJobGivesTheDeadlineOrFallsBackToTheEnqueueTime() {
        job("quote", "A").enqueuedAt(now.minusSeconds(5)).insert(sql);
        job("quote", "B").enqueuedAt(now.minusSeconds(5)).deadlineAt(now.plusSeconds(30)).insert(sql);

        assertThat(execute(ExplainSql.HOT_JOB, "quote", "A").get(0).getOffsetDateTime("deadline_at").toInstant())
                .isEqualTo(now.minusSeconds(5));
        assertThat(execute(ExplainSql.HOT_JOB, "quote", "B").get(0).getOffsetDateTime("deadline_at").toInstant())
                .isEqualTo(now.plusSeconds(30));
        assertThat(execute(ExplainSql.HOT_JOB, "profile", "A")).isEmpty();
    }

    @Test
    void providerPauseIsTheOperatorsRowOrNothing() {
        sql.update("insert into provider_quotas (provider) values ('xsql-paused') on conflict do nothing");
        sql.update("insert into provider_pauses (provider, paused_by, reason) values ('xsql-paused', 'ops', 'why') on conflict do nothing");

        assertThat(execute(ExplainSql.PROVIDER_PAUSE, "xsql-paused")).extracting(r -> r.getString("paused_by")).containsExactly("ops");
        assertThat(execute(ExplainSql.PROVIDER_PAUSE, "fmp")).isEmpty();
    }

    @Test
    void lastFinishedIsThePairsNewestHistoryRow() {
        finished(1, "quote", "A").status("failed").finishedAt(now.minusSeconds(60)).insert(sql);
        finished(2, "quote", "A").status("completed").finishedAt(now.minusSeconds(10)).insert(sql);
        finished(3, "quote", "B").status("cancelled").finishedAt(now).insert(sql);

        assertThat(execute(ExplainSql.LAST_FINISHED, "quote", "A")).extracting(r -> r.getLong("job_id")).containsExactly(2L);
        assertThat(execute(ExplainSql.LAST_FINISHED, "profile", "A")).isEmpty();
    }

    @Test
    void viewersCountsThePairsPresentClients() {
        viewer("c1", "A", "quote", now.minusSeconds(5));
        viewer("c2", "A", "quote", now.minusSeconds(20));
        viewer("c3", "A", "quote", now.minusSeconds(600));          // gone
        viewer("c4", "A", "profile", now);                          // another data type

        Row r = execute(ExplainSql.VIEWERS, "quote", "A", at(now.minusSeconds(90))).get(0);

        assertThat(r.getLong("viewers")).isEqualTo(2);
        assertThat(r.getOffsetDateTime("last_seen_at").toInstant()).isEqualTo(now.minusSeconds(5));
    }

    @Test
    void flagsListsEveryFlag() {
        assertThat(execute(ExplainSql.FLAGS)).hasSize((int) sql.count("select count(*) from feature_flags"))
                .extracting(r -> r.getString("flag_name")).contains("use_queue_system");
    }

    @Test
    void openCircuitsAreTheProvidersBreakersNotClosedAndStillOpen() {
        circuit("i-closed", "closed", null);
        circuit("i-open", "open", now.plusSeconds(30));
        circuit("i-lapsed", "open", now.minusSeconds(30));
        circuit("i-half", "half_open", null);

        assertThat(execute(ExplainSql.OPEN_CIRCUITS, "xsql", at(now))).extracting(r -> r.getString("instance_id"))
                .containsExactly("i-half", "i-open");
    }

    private void viewer(String client, String symbol, String dataType, Instant seen) {
        sql.update("insert into active_subscriptions (client_id, symbol, data_type, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?)",
                client, symbol, dataType, at(seen), at(seen));
    }

    private void circuit(String instance, String state, Instant openUntil) {
        sql.update("insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until) values ('xsql', ?, ?, now(), ?)",
                instance, state, openUntil == null ? null : at(openUntil));
    }
}
