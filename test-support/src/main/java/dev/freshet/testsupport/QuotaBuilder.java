package dev.freshet.testsupport;

/**
 * A {@code provider_quotas} row for a test: no limit, no safety margin, no on-demand reserve and a
 * 10 s request timeout unless set, so each test states only the limits it is about.
 * {@code QuotaBuilder.quota("p").callsPerMinute(100).safetyMarginPct(10).insert(sql)}.
 */
public final class QuotaBuilder {

    private final String provider;
    private Integer callsPerMinute;
    private Integer callsPerDay;
    private Long bytesPerWindow;
    private Integer bytesWindowSeconds;
    private double safetyMarginPct;
    private double onDemandReservePct;
    private int requestTimeoutMs = 10_000;

    private QuotaBuilder(String provider) {
        this.provider = provider;
    }

    public static QuotaBuilder quota(String provider) {
        return new QuotaBuilder(provider);
    }

    public QuotaBuilder callsPerMinute(int calls) {
        this.callsPerMinute = calls;
        return this;
    }

    public QuotaBuilder callsPerDay(int calls) {
        this.callsPerDay = calls;
        return this;
    }

    public QuotaBuilder bytesPerWindow(long bytes, int windowSeconds) {
        this.bytesPerWindow = bytes;
        this.bytesWindowSeconds = windowSeconds;
        return this;
    }

    public QuotaBuilder safetyMarginPct(double pct) {
        this.safetyMarginPct = pct;
        return this;
    }

    public QuotaBuilder onDemandReservePct(double pct) {
        this.onDemandReservePct = pct;
        return this;
    }

    public QuotaBuilder requestTimeoutMs(int ms) {
        this.requestTimeoutMs = ms;
        return this;
    }

    public void insert(TestSql sql) {
        sql.update("""
                insert into provider_quotas (provider, calls_per_minute, calls_per_day, bytes_per_window, bytes_window_seconds,
                    safety_margin_pct, on_demand_reserve_pct, request_timeout_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", provider, callsPerMinute, callsPerDay, bytesPerWindow, bytesWindowSeconds,
                safetyMarginPct, onDemandReservePct, requestTimeoutMs);
    }
}
