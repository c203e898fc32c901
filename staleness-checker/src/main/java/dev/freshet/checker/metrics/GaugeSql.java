package dev.freshet.checker.metrics;

/** Read-only statements behind the database-wide gauges. */
final class GaugeSql {

    static final String QUEUE_DEPTH = """
            select status, data_type, count(*)::bigint as jobs
            from refresh_jobs group by status, data_type""";

    /** Pending jobs whose time has come, and how long the oldest of them has waited since. $1 now. */
    static final String QUEUE_DUE = """
            select count(*)::bigint as due,
                   coalesce(extract(epoch from ($1::timestamptz - min(run_after))), 0)::bigint as oldest_due_seconds
            from refresh_jobs where status = 'pending' and run_after <= $1""";

    /**
     * Aggregation tasks per timeframe (enabled ones): how many are hard-failed, how many have failed
     * at least once in a row, and the longest streak (the seed's alert queries, as numbers).
     */
    static final String AGGREGATION_TASKS = """
            select timeframe,
                   count(*) filter (where status = 'hard_failed')::bigint as hard_failed,
                   count(*) filter (where hard_fail_streak > 0)::bigint as failing,
                   coalesce(max(hard_fail_streak), 0)::bigint as worst_streak
            from data_agg_state where enabled group by timeframe""";

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

    /**
     * The freshness SLO per tier, over the pairs someone views now: how many, how many are past
     * their allowed age (the data type's error age, the tier target unless set; a pair without data
     * counts as past it), and the median, 95th percentile and worst age of what is viewed. The age
     * is that of the newest row the freshness cache last saw, so it overstates by at most one run of
     * that task. $1 present after, $2 now, $3 tier names, $4 each tier's default target in seconds.
     */
    static final String VIEWED_DATA_AGE = """
            with viewed as (
                select distinct data_type, symbol from active_subscriptions where last_seen_at > $1
            ), aged as (
                select r.tier,
                       -- greatest() skips nulls: a pair without data keeps a null age
                       case when f.last_updated_at is not null
                            then greatest(0, extract(epoch from ($2::timestamptz - f.last_updated_at))) end as age_seconds,
                       greatest(coalesce(r.error_after_seconds, t.target_seconds),
                                coalesce(r.warn_after_seconds, r.ttl_seconds)) as allowed_seconds
                from viewed v
                join data_type_registry r on r.data_type = v.data_type and r.enabled
                join unnest($3::text[], $4::int[]) as t(tier, target_seconds) on t.tier = r.tier
                left join data_freshness f on f.data_type = v.data_type
                     and f.symbol = case when r.scope = 'global' then '*' else v.symbol end
            )
            select tier,
                   count(*)::bigint as pairs,
                   count(*) filter (where age_seconds is null or age_seconds > allowed_seconds)::bigint as stale,
                   coalesce(percentile_cont(0.5) within group (order by age_seconds), 0)::bigint as age_p50,
                   coalesce(percentile_cont(0.95) within group (order by age_seconds), 0)::bigint as age_p95,
                   coalesce(max(age_seconds), 0)::bigint as age_max
            from aged group by tier""";

    private GaugeSql() {
    }
}
