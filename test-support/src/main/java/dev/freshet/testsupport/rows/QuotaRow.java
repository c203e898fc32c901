package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

/** A provider's quota (provider_quotas): no limit set and the table's defaults for the rest unless told otherwise. */
public final class QuotaRow extends RowBuilder<QuotaRow> {

    private QuotaRow(String provider) {
        super("provider_quotas");
        set("provider", provider);
    }

    public static QuotaRow quota(String provider) {
        return new QuotaRow(provider);
    }

    public QuotaRow callsPerMinute(Integer calls) {
        return set("calls_per_minute", calls);
    }

    public QuotaRow callsPerDay(Integer calls) {
        return set("calls_per_day", calls);
    }

    public QuotaRow bytesPerWindow(long bytes, int windowSeconds) {
        return set("bytes_per_window", bytes).set("bytes_window_seconds", windowSeconds);
    }

    public QuotaRow safetyMarginPct(double pct) {
        return set("safety_margin_pct", pct);
    }

    public QuotaRow onDemandReservePct(double pct) {
        return set("on_demand_reserve_pct", pct);
    }

    public QuotaRow maxConcurrency(int calls) {
        return set("max_concurrency", calls);
    }

    public QuotaRow requestTimeoutMs(int ms) {
        return set("request_timeout_ms", ms);
    }

    /** The negative cache's backoff: the first not-found answer's, doubled per repeat up to the maximum. */
    public QuotaRow notFoundBackoff(int baseSeconds, int maxSeconds) {
        return set("not_found_base_seconds", baseSeconds).set("not_found_max_seconds", maxSeconds);
    }

    public QuotaRow universeDataType(String dataType) {
        return set("universe_data_type", dataType);
    }

    public void insert(TestSql sql) {
        insert(sql, "provider");
    }
}
