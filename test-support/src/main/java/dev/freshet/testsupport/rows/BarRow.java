package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;

/**
 * An aggregated bar (derived_data_bars): every price 1, built from 5 source bars at full quality, refreshed now
 * unless told otherwise.
 */
public final class BarRow extends RowBuilder<BarRow> {

    private BarRow(String symbol, String timeframe, Instant ts) {
        super("derived_data_bars");
        set("symbol", symbol).set("timeframe", timeframe).set("ts_utc", ts)
                .set("open", 1).set("high", 1).set("low", 1).set("close", 1)
                .set("source_bar_count", 5).set("quality_score", 1).setExpression("refreshed_at", "now()");
    }

    public static BarRow bar(String symbol, String timeframe, Instant ts) {
        return new BarRow(symbol, timeframe, ts);
    }

    public BarRow close(double close) {
        return set("close", close);
    }

    public BarRow refreshedAt(Instant at) {
        return set("refreshed_at", at);
    }

    public void insert(TestSql sql) {
        insert(sql, "symbol");
    }
}
