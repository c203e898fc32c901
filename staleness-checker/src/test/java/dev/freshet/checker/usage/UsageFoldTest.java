package dev.freshet.checker.usage;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.UsageRow.usage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold of the finishes' usage rows on the real database: a minute that is over becomes one row with every
 * writer's sums, the minute running and the one before it stay as the finishes write them, and no sum changes.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class UsageFoldTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-07-01T12:00:30Z");
    private static final Instant MINUTE = Instant.parse("2025-07-01T12:00:00Z");

    @Inject
    UsageFold task;

    @Test
    void theWritersRowsOfAMinuteThatIsOverBecomeItsOneRow() {
        Instant over = MINUTE.minusSeconds(120);
        usage("fmp", over).calls(5).bytes(500).insert(db.sql);
        usage("fmp", over).writer(3).calls(2).bytes(20).rateLimited(1).insert(db.sql);
        usage("fmp", over).writer(11).calls(4).bytes(40).errors(2).insert(db.sql);
        usage("polygon", over).writer(7).calls(1).insert(db.sql);

        TaskRun r = run(task, NOW);

        assertThat(r.outcome().details().getInteger("rowsFolded")).isEqualTo(3);
        assertThat(r.outcome().details().getInteger("minutes")).isEqualTo(2);
        assertThat(db.sql.rows("select provider, writer, calls, bytes, rate_limited, errors from api_usage order by provider"))
                .containsExactly(
                        Map.of("provider", "fmp", "writer", 0, "calls", 11, "bytes", 560L, "rate_limited", 1, "errors", 2),
                        Map.of("provider", "polygon", "writer", 0, "calls", 1, "bytes", 0L, "rate_limited", 0, "errors", 0));
    }

    @Test
    void theMinuteRunningAndTheOneBeforeItAreLeftToTheFinishesStillSettlingIntoThem() {
        usage("fmp", MINUTE).writer(2).calls(3).insert(db.sql);
        usage("fmp", MINUTE.minusSeconds(60)).writer(5).calls(4).insert(db.sql);
        usage("fmp", MINUTE.minusSeconds(120)).writer(5).calls(6).insert(db.sql);
        long before = db.sql.count("select sum(calls) from api_usage");

        Row r = execute(UsageFoldSql.FOLD, at(MINUTE.minusSeconds(60))).get(0);

        assertThat(r.getInteger("rows_folded")).isEqualTo(1);
        assertThat(writersByMinute()).containsExactly(
                Map.entry(MINUTE.minusSeconds(120), List.of(0)),
                Map.entry(MINUTE.minusSeconds(60), List.of(5)),
                Map.entry(MINUTE, List.of(2)));
        assertThat(db.sql.count("select sum(calls) from api_usage")).as("no call counted twice or lost").isEqualTo(before);
    }

    @Test
    void aLateFinishIntoAFoldedMinuteIsFoldedIntoItByTheNextRun() {
        Instant over = MINUTE.minusSeconds(180);
        usage("fmp", over).writer(4).calls(2).insert(db.sql);
        run(task, NOW);
        usage("fmp", over).writer(9).calls(1).insert(db.sql);

        run(task, NOW.plusSeconds(30));

        assertThat(db.sql.rows("select writer, calls from api_usage"))
                .containsExactly(Map.of("writer", 0, "calls", 3));
    }

    private Map<Instant, List<Integer>> writersByMinute() {
        Map<Instant, List<Integer>> writers = new java.util.LinkedHashMap<>();
        db.sql.rows("select bucket_start, string_agg(writer::text, ',' order by writer) as writers from api_usage group by 1 order by 1")
                .forEach(m -> writers.put(((Timestamp) m.get("bucket_start")).toInstant(),
                        java.util.Arrays.stream(((String) m.get("writers")).split(",")).map(Integer::valueOf).toList()));
        return writers;
    }
}
