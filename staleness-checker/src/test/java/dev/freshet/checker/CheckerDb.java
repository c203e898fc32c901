package dev.freshet.checker;

import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.TestSql;
import dev.freshet.testsupport.rows.BarRow;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.awaitility.Awaitility.await;

/** Test data on the real database: a clean slate per test and builders for the rows tasks read. */
public final class CheckerDb {

    public final TestSql sql = TestSql.current();

    public void reset() {
        sql.update("""
                truncate refresh_jobs, active_subscriptions, subscription_analytics, data_freshness, scheduled_scan_cursor,
                         api_usage, quotes, profiles, financial_statements, exchange_market_status, available_exchanges,
                         scheduler_execution_log, data_bars, derived_data_bars, data_agg_state, data_agg_invalidation, shadow_writes,
                         symbol_universe, symbol_not_found""");
        sql.update("update data_type_registry set rollout_state = 'off' where data_type in ('fmp-stock-list', 'polygon-tickers') and rollout_state <> 'off'");
        sql.update("delete from refresh_job_history");
        sql.update("update provider_quotas set calls_per_minute = 300, calls_per_day = null, safety_margin_pct = 10, on_demand_reserve_pct = 20 where provider = 'fmp'");
    }

    /**
     * Turns every aggregation data type on or off and waits until this service's registry has seen it
     * (they are enabled by default since V60).
     */
    public void aggregationTypesEnabled(boolean enabled, Registry registry) {
        sql.update("update data_type_registry set rollout_state = ? where handler = 'aggregate-bars'", enabled ? "live" : "off");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream()
                .filter(t -> t.handler().equals("aggregate-bars")).allMatch(t -> t.enabled() == enabled));
    }

    public static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public void quote(String symbol, Instant refreshedAt) {
        sql.update("insert into quotes (symbol, price, refreshed_at) values (?, 100, ?)", symbol, at(refreshedAt));
    }

    public void statement(String symbol, Instant refreshedAt) {
        sql.update("insert into financial_statements (symbol, fiscal_date, period, refreshed_at) values (?, date '2024-12-31', 'FY', ?)",
                symbol, at(refreshedAt));
    }

    /** One derived bar of a timeframe (e.g. 5m), refreshed at the given time. */
    public void derivedBar(String symbol, String timeframe, Instant refreshedAt) {
        BarRow.bar(symbol, timeframe, Instant.parse("2025-01-02T10:00:00Z")).refreshedAt(refreshedAt).insert(sql);
    }

    /** A shadow record of a data type's refresh, recorded at {@code at}. */
    public void shadowRecord(String dataType, String symbol, Instant at) {
        sql.update("""
                insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, recorded_at)
                values (?, ?, '{}', '{}', null, true, ?)""", dataType, symbol, at(at));
    }

    public void viewer(String client, String symbol, String dataType, Instant lastSeen) {
        sql.update("insert into active_subscriptions (client_id, symbol, data_type, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?)",
                client, symbol, dataType, at(lastSeen), at(lastSeen));
    }

    public long jobs(String dataType) {
        return sql.count("select count(*) from refresh_jobs where data_type = ?", dataType);
    }

    public Object job(String dataType, String symbol, String column) {
        return sql.value("select " + column + " from refresh_jobs where data_type = ? and symbol = ?", dataType, symbol);
    }
}
