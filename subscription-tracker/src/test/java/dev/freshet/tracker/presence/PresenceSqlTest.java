package dev.freshet.tracker.presence;

import dev.freshet.tracker.refresh.RefreshSql;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The tracker's presence and refresh statements, each on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PresenceSqlTest {

    @Inject
    Pool pool;

    private final TestSql sql = TestSql.current();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final OffsetDateTime liveSince = utc(now.minusSeconds(90));

    @BeforeEach
    void clean() {
        sql.update("truncate active_subscriptions, refresh_jobs");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private RowSet<Row> execute(String statement, Object... params) {
        return pool.preparedQuery(statement).execute(Tuple.tuple(new ArrayList<>(Arrays.asList(params))))
                .await().atMost(Duration.ofSeconds(10));
    }

    private void present(String client, String symbol, Instant seen) {
        sql.update("insert into active_subscriptions (client_id, symbol, data_type, first_seen_at, last_seen_at) values (?, ?, 'quote', ?, ?)",
                client, symbol, utc(seen), utc(seen));
    }

    @Test
    void upsertWithinCapWritesOnlyClientsThatStayWithinTheirCap() {
        present("full", "OLD1", now.minusSeconds(10));
        present("full", "OLD2", now.minusSeconds(10));
        present("full", "GONE", now.minusSeconds(600));

        Map<String, Row> byClient = new HashMap<>();
        execute(PresenceSql.UPSERT_WITHIN_CAP, new String[]{"full", "ok", "ok"}, new String[]{"NEW", "AAPL", "AAPL"},
                new String[]{"quote", "quote", "quote"}, liveSince, 2, utc(now))
                .forEach(r -> byClient.put(r.getString("client_id"), r));

        assertThat(byClient.get("full").getBoolean("accepted")).isFalse();
        assertThat(byClient.get("full").getInteger("total")).as("two live plus the new one; the lapsed one does not count").isEqualTo(3);
        assertThat(byClient.get("ok").getBoolean("accepted")).isTrue();
        assertThat(byClient.get("ok").getInteger("total")).as("duplicates count once").isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = 'full' and symbol = 'NEW'")).isZero();
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = 'ok'")).isEqualTo(1);
    }

    @Test
    void withinCapAnswersAsTheUpsertWouldAndWritesNothing() {
        present("full", "OLD1", now.minusSeconds(10));
        present("full", "OLD2", now.minusSeconds(10));
        present("full", "GONE", now.minusSeconds(600));

        Map<String, Row> byClient = new HashMap<>();
        execute(PresenceSql.WITHIN_CAP, new String[]{"full", "full", "ok"}, new String[]{"NEW", "OLD1", "AAPL"},
                new String[]{"quote", "quote", "quote"}, liveSince, 2)
                .forEach(r -> byClient.put(r.getString("client_id"), r));

        assertThat(byClient.get("full").getBoolean("accepted")).isFalse();
        assertThat(byClient.get("full").getInteger("total")).as("OLD1 again, OLD2 and NEW; the lapsed one does not count").isEqualTo(3);
        assertThat(byClient.get("ok").getBoolean("accepted")).isTrue();
        assertThat(byClient.get("ok").getInteger("total")).isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions")).as("nothing written").isEqualTo(3);
        assertThat(sql.count("select count(*) from active_subscriptions where last_seen_at > ?", liveSince)).isEqualTo(2);
    }

    @Test
    void upsertRestartsTheVisitOfALapsedSubscription() {
        present("c1", "AAPL", now.minusSeconds(600));

        execute(PresenceSql.UPSERT_WITHIN_CAP, new String[]{"c1"}, new String[]{"AAPL"}, new String[]{"quote"}, liveSince, 10, utc(now));

        assertThat(sql.count("select count(*) from active_subscriptions where client_id = 'c1' and first_seen_at = ?", utc(now)))
                .isEqualTo(1);
    }

    @Test
    void renewClientsRenewsLiveSubscriptionsAndLeavesLapsedOnesLapsed() {
        present("c1", "LIVE", now.minusSeconds(10));
        present("c1", "LAPSED", now.minusSeconds(600));

        Row r = execute(PresenceSql.RENEW_CLIENTS, new String[]{"c1", "nobody"}, utc(now), liveSince).iterator().next();

        assertThat(r.getString("client_id")).isEqualTo("c1");
        assertThat(r.getInteger("renewed")).isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'LIVE' and last_seen_at = ?", utc(now))).isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'LAPSED' and last_seen_at = ?", utc(now))).isZero();
    }

    @Test
    void removeEndsOneSymbolOrEverythingAndSaysWhichWereLive() {
        present("c1", "AAPL", now.minusSeconds(10));
        present("c1", "MSFT", now.minusSeconds(600));
        present("c1", "NVDA", now.minusSeconds(10));

        RowSet<Row> one = execute(PresenceSql.REMOVE, "c1", "AAPL", liveSince);
        assertThat(one.rowCount()).isEqualTo(1);
        assertThat(one.iterator().next().getBoolean("live")).isTrue();

        Map<String, Boolean> rest = new HashMap<>();
        execute(PresenceSql.REMOVE, "c1", null, liveSince).forEach(r -> rest.put(r.getString("symbol"), r.getBoolean("live")));
        assertThat(rest).containsEntry("MSFT", false).containsEntry("NVDA", true).hasSize(2);
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = 'c1'")).isZero();
    }

    @Test
    void viewersAndJobsCountsLiveViewersWithTheVisitorAndNamesTheQueuedJob() {
        present("c1", "AAPL", now.minusSeconds(10));
        present("c2", "AAPL", now.minusSeconds(10));
        present("c3", "AAPL", now.minusSeconds(600));
        job("quote", "AAPL").processing("p1", now, now.plusSeconds(60)).insert(sql);

        Map<String, Row> bySymbol = new HashMap<>();
        execute(RefreshSql.VIEWERS_AND_JOBS, "quote", new String[]{"AAPL", "MSFT"}, liveSince, "c1")
                .forEach(r -> bySymbol.put(r.getString("symbol"), r));

        assertThat(bySymbol.get("AAPL").getInteger("viewers")).as("c2 and the visiting c1, counted once").isEqualTo(2);
        assertThat(bySymbol.get("AAPL").getString("job_status")).isEqualTo("processing");
        assertThat(bySymbol.get("MSFT").getInteger("viewers")).as("the visitor alone").isEqualTo(1);
        assertThat(bySymbol.get("MSFT").getString("job_status")).isNull();
    }
}
