package dev.freshet.admin.ui;

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
import java.util.List;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The UI statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class UiSqlTest extends StatementTest {

    private static final Instant M = Instant.parse("2025-05-01T12:00:00Z");


    @BeforeEach
    void clean() {
        sql.emptyQueue("provider_circuit_state");
    }

    @Test
    void timelineRebuildsTheDepthAtTheEndOfEachMinuteAndWhatFinishedInIt() {
        finished(1, "quote", "DONE").enqueuedAt(M.minusSeconds(110)).claimedAt(M.minusSeconds(50)).finishedAt(M.plusSeconds(10)).insert(sql);
        finished(2, "quote", "OLD").status("failed").enqueuedAt(M.minusSeconds(900)).claimedAt(M.minusSeconds(890))
                .finishedAt(M.minusSeconds(600)).insert(sql);                                   // before the window
        job("quote", "WAITING").enqueuedAt(M.minusSeconds(600)).insert(sql);                    // counts from the first minute
        job("quote", "RUNNING").enqueuedAt(M.minusSeconds(40))
                .processing("p1", M.plusSeconds(5), M.plusSeconds(65)).insert(sql);

        List<Row> rows = execute(UiSql.TIMELINE, M.plusSeconds(30).atOffset(ZoneOffset.UTC), 3);

        assertThat(rows).extracting(r -> r.getOffsetDateTime("minute").toInstant(), r -> r.getLong("pending"), r -> r.getLong("processing"),
                r -> r.getLong("completed"), r -> r.getLong("failed")).containsExactly(
                tuple(M.minusSeconds(120), 2L, 0L, 0L, 0L),
                tuple(M.minusSeconds(60), 2L, 1L, 0L, 0L),
                tuple(M, 1L, 1L, 1L, 0L));
    }

    @Test
    void circuitsListsOpenThenHalfOpenThenClosedBreakers() {
        circuit("fmp", "i2", "closed");
        circuit("fmp", "i1", "half_open");
        circuit("polygon", "i1", "open");
        circuit("fmp", "i3", "open");

        assertThat(execute(UiSql.CIRCUITS)).extracting(r -> r.getString("provider"), r -> r.getString("instance_id")).containsExactly(
                tuple("fmp", "i3"), tuple("polygon", "i1"), tuple("fmp", "i1"), tuple("fmp", "i2"));
    }

    private void circuit(String provider, String instance, String state) {
        sql.update("insert into provider_circuit_state (provider, instance_id, state, changed_at) values (?, ?, ?, ?)",
                provider, instance, state, OffsetDateTime.now(ZoneOffset.UTC));
    }
}
