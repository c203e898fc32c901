package dev.freshet.checker.metrics;

/** Read-only statements behind the database-wide gauges. */
final class GaugeSql {

    static final String QUEUE_DEPTH = """
            select status, data_type, count(*)::bigint as jobs
            from refresh_jobs group by status, data_type""";

    /** $1 present after. */
    static final String ACTIVE_SUBSCRIPTIONS = """
            select count(*)::bigint as active from active_subscriptions where last_seen_at > $1""";

    /**
     * Usage of each provider in its windows: calls this minute, bytes over the trailing window, and
     * what claimed jobs have reserved. $1 now.
     */
    static final String QUOTA = """
            select q.provider,
                   floor(q.calls_per_minute * (1 - q.safety_margin_pct / 100))::bigint as calls_limit,
                   floor(q.bytes_per_window * (1 - q.safety_margin_pct / 100))::bigint as bytes_limit,
                   coalesce((select sum(u.calls) from api_usage u
                             where u.provider = q.provider and u.bucket_start >= date_trunc('minute', $1::timestamptz)), 0)::bigint as calls_used,
                   coalesce((select sum(u.bytes) from api_usage u
                             where u.provider = q.provider and q.bytes_window_seconds is not null
                               and u.bucket_start >= $1::timestamptz - make_interval(secs => q.bytes_window_seconds)), 0)::bigint as bytes_used,
                   coalesce(r.calls, 0)::bigint as calls_reserved,
                   coalesce(r.bytes, 0)::bigint as bytes_reserved
            from provider_quotas q
            left join (select provider, sum(reserved_calls) as calls, sum(reserved_bytes) as bytes
                       from refresh_jobs where status = 'processing' group by provider) r on r.provider = q.provider""";

    /** Worst lag per derived timeframe: latest 1-minute bar minus the task's cursor. */
    static final String AGGREGATION_LAG = """
            select s.timeframe,
                   coalesce(max(extract(epoch from (l.latest - s.last_agg_bar_ts_utc))), 0)::bigint as lag_seconds
            from data_agg_state s
            left join lateral (select max(b.ts_utc) as latest from data_bars b
                               where b.symbol = s.symbol and b.timeframe = '1m') l on true
            where s.enabled
            group by s.timeframe""";

    private GaugeSql() {
    }
}
