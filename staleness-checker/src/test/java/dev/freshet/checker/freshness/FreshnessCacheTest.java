package dev.freshet.checker.freshness;

import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.freshet.testsupport.rows.ViewsRow.views;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FreshnessCacheTest extends CheckerTestBase {

    @Inject
    FreshnessCache task;
    @Inject
    dev.freshet.shared.registry.Registry registry;

    private final Instant now = Instant.now();

    private Object state(String dataType, String symbol) {
        return db.sql.value("select state from data_freshness where data_type = ? and symbol = ?", dataType, symbol);
    }

    private TaskRun run(Instant at) {
        return run(task, at);
    }

    @Test
    void quotesAreClassifiedAgainstTheirTtlAndTheCriticalTierTarget() {
        // quote: TTL 60 s, critical tier target 15 min
        db.quote("FRESH", now.minusSeconds(30));
        db.quote("AGING", now.minusSeconds(300));
        db.quote("STALE", now.minusSeconds(3600));
        db.viewer("c1", "GONE", "quote", now.minusSeconds(5));

        TaskRun r = run(now);

        assertThat(state("quote", "FRESH")).isEqualTo("fresh");
        assertThat(state("quote", "AGING")).isEqualTo("aging");
        assertThat(state("quote", "STALE")).isEqualTo("stale");
        assertThat(state("quote", "GONE")).isEqualTo("missing");
        assertThat(db.sql.value("select tier from data_freshness where data_type = 'quote' and symbol = 'FRESH'")).isEqualTo("critical");
        assertThat(r.outcome().details().getJsonObject("dataTypes").getJsonObject("quote").getInteger("aging")).isEqualTo(1);
    }

    @Test
    void symbolsViewedWithinADayAreReportedAndGlobalsOnce() {
        views("profile", "YESTERDAY").bucket(now.minus(Duration.ofHours(20))).insert(db.sql);
        views("profile", "LASTWEEK").bucket(now.minus(Duration.ofDays(7))).insert(db.sql);

        run(now);

        assertThat(state("profile", "YESTERDAY")).isEqualTo("missing");
        assertThat(state("profile", "LASTWEEK")).isNull();
        assertThat(state("exchange-market-status", "*")).isEqualTo("missing");
        assertThat(db.sql.count("select count(*) from data_freshness where data_type = 'exchange-market-status'")).isEqualTo(1);
    }

    @Test
    void pairsNoLongerViewedAndWithoutRowsLeaveTheCache() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        run(now);
        assertThat(state("quote", "AAPL")).isEqualTo("missing");
        db.sql.update("truncate active_subscriptions");

        run(now.plusSeconds(60));

        assertThat(state("quote", "AAPL")).isNull();
    }

    @Test
    void barsAreClassifiedPerTimeframe() {
        // bars-5m: TTL 5 min; bars-15m: TTL 15 min. ONLY15 has 15-minute bars and no 5-minute ones.
        db.derivedBar("BOTH", "5m", now.minus(Duration.ofHours(3)));
        db.derivedBar("BOTH", "15m", now.minusSeconds(60));
        db.derivedBar("ONLY15", "15m", now.minusSeconds(60));

        run(now);

        assertThat(state("bars-5m", "BOTH")).isEqualTo("stale");
        assertThat(state("bars-15m", "BOTH")).isEqualTo("fresh");
        assertThat(state("bars-15m", "ONLY15")).isEqualTo("fresh");
        assertThat(state("bars-5m", "ONLY15")).as("no 5-minute bar and nobody looks: not a pair of bars-5m").isNull();
        assertThat(state("bars-1h", "BOTH")).isNull();
    }

    @Test
    void symbolsWithRowsAreFoundOnIndexesWithoutReadingEveryRow() {
        db.derivedBar("IDX", "5m", now);
        String plan = db.sql.plan(FreshnessSql.classify(registry.find("bars-5m").orElseThrow()),
                "bars-5m", CheckerDb.at(now), "critical", CheckerDb.at(now), CheckerDb.at(now), CheckerDb.at(now),
                "{\"timeframe\": \"5m\"}");
        assertThat(plan).contains("derived_data_bars_newest_idx").doesNotContain("Seq Scan on derived_data_bars")
                .doesNotContain("HashAggregate").doesNotContain("GroupAggregate");
    }
}
