package dev.freshet.admin.quotas;

/**
 * Provider quota statements. Usage is the settled {@code api_usage}; reservations are what
 * {@code processing} jobs still hold ({@code refresh_jobs.reserved_*}).
 */
final class QuotaSql {

    /**
     * Limits with current usage, reservations and recent rate. $1 now, $2 provider (null: all),
     * $3 start of the recent-rate period.
     */
    static final String WITH_USAGE = """
            select q.provider, q.calls_per_minute, q.calls_per_day, q.bytes_per_window, q.bytes_window_seconds,
                   q.safety_margin_pct, q.on_demand_reserve_pct, q.max_concurrency, q.request_timeout_ms,
                   q.version, q.updated_at, q.updated_by,
                   q.universe_data_type, q.not_found_base_seconds, q.not_found_max_seconds,
                   coalesce(u.calls_this_minute, 0) as calls_this_minute,
                   coalesce(u.calls_today, 0) as calls_today,
                   coalesce(u.bytes_in_window, 0) as bytes_in_window,
                   coalesce(u.calls_recent, 0) as calls_recent,
                   coalesce(u.bytes_recent, 0) as bytes_recent,
                   coalesce(u.rate_limited_last_hour, 0) as rate_limited_last_hour,
                   coalesce(u.errors_last_hour, 0) as errors_last_hour,
                   coalesce(r.reserved_calls, 0) as reserved_calls,
                   coalesce(r.reserved_bytes, 0) as reserved_bytes,
                   coalesce(r.processing, 0) as processing_jobs
            from provider_quotas q
            left join lateral (
                select sum(a.calls) filter (where a.bucket_start >= date_trunc('minute', $1::timestamptz)) as calls_this_minute,
                       sum(a.calls) filter (where a.bucket_start >= date_trunc('day', $1::timestamptz, 'UTC')) as calls_today,
                       sum(a.bytes) filter (where q.bytes_window_seconds is not null
                           and a.bucket_start > $1::timestamptz - make_interval(secs => q.bytes_window_seconds))::bigint as bytes_in_window,
                       sum(a.calls) filter (where a.bucket_start >= $3::timestamptz) as calls_recent,
                       sum(a.bytes) filter (where a.bucket_start >= $3::timestamptz)::bigint as bytes_recent,
                       sum(a.rate_limited) filter (where a.bucket_start >= $1::timestamptz - interval '1 hour') as rate_limited_last_hour,
                       sum(a.errors) filter (where a.bucket_start >= $1::timestamptz - interval '1 hour') as errors_last_hour
                from api_usage a
                where a.provider = q.provider
                  and a.bucket_start <= $1::timestamptz
                  and a.bucket_start >= least(date_trunc('day', $1::timestamptz, 'UTC'), $3::timestamptz,
                                              $1::timestamptz - interval '1 hour',
                                              $1::timestamptz - make_interval(secs => coalesce(q.bytes_window_seconds, 0)))
            ) u on true
            left join lateral (
                select sum(j.reserved_calls) as reserved_calls, sum(j.reserved_bytes)::bigint as reserved_bytes, count(*) as processing
                from refresh_jobs j
                where j.provider = q.provider and j.status = 'processing'
            ) r on true
            where ($2::text is null or q.provider = $2)
            order by q.provider""";

    /**
     * Creates a provider's quota (no version sent, none exists) or updates it (the version sent is
     * current), with its audit row. $1 provider, $2 calls_per_minute, $3 calls_per_day,
     * $4 bytes_per_window, $5 bytes_window_seconds, $6 safety_margin_pct, $7 on_demand_reserve_pct,
     * $8 max_concurrency, $9 request_timeout_ms, $10 actor, $11 expected version (null to create),
     * $12 universe_data_type ('' removes it), $13 not_found_base_seconds, $14 not_found_max_seconds (each of
     * $12-$14 null keeps the current value, the column default on create).
     * Always one row: existed, current_version, and the written row (null provider when nothing was written).
     */
    static final String SET = """
            with cur as (
                select * from provider_quotas where provider = $1 for update
            ), ins as (
                insert into provider_quotas as q
                    (provider, calls_per_minute, calls_per_day, bytes_per_window, bytes_window_seconds,
                     safety_margin_pct, on_demand_reserve_pct, max_concurrency, request_timeout_ms, updated_by,
                     universe_data_type, not_found_base_seconds, not_found_max_seconds)
                select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                       nullif($12::text, ''), coalesce($13::int, 900), coalesce($14::int, 86400)
                where not exists (select 1 from cur) and $11::int is null
                on conflict (provider) do nothing
                returning q.*
            ), upd as (
                update provider_quotas q
                   set calls_per_minute = $2, calls_per_day = $3, bytes_per_window = $4, bytes_window_seconds = $5,
                       safety_margin_pct = $6, on_demand_reserve_pct = $7, max_concurrency = $8,
                       request_timeout_ms = $9, version = q.version + 1, updated_at = now(), updated_by = $10,
                       universe_data_type = case when $12::text is null then q.universe_data_type else nullif($12::text, '') end,
                       not_found_base_seconds = coalesce($13::int, q.not_found_base_seconds),
                       not_found_max_seconds = coalesce($14::int, q.not_found_max_seconds)
                  from cur
                 where q.provider = cur.provider and cur.version = $11::int
                returning q.*
            ), written as (
                select * from ins union all select * from upd
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $10, 'quota', w.provider, case when exists (select 1 from cur) then 'update' else 'create' end,
                       (select to_jsonb(cur) from cur), to_jsonb(w)
                from written w
            )
            select exists (select 1 from cur) as existed, (select version from cur) as current_version, w.provider as written
            from (select 1) one left join written w on true""";

    /**
     * Usage per provider and time bucket. $1 bucket unit (minute, hour, day), $2 from, $3 until,
     * $4 provider (null: all).
     */
    static final String USAGE_BUCKETS = """
            select provider, date_trunc($1, bucket_start, 'UTC') as bucket,
                   sum(calls) as calls, sum(bytes)::bigint as bytes, sum(rate_limited) as rate_limited, sum(errors) as errors
            from api_usage
            where bucket_start >= $2 and bucket_start < $3 and ($4::text is null or provider = $4)
            group by provider, bucket
            order by provider, bucket""";

    private QuotaSql() {
    }
}
