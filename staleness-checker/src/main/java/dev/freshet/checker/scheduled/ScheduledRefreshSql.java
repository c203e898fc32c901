package dev.freshet.checker.scheduled;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.StalenessSql;

/** The scheduled-refresh statements: provider budgets, the keyset scan of a target table, its cursor. */
final class ScheduledRefreshSql {

    private ScheduledRefreshSql() {
    }

    /**
     * What each provider has left right now: its limits, settled usage in the current minute, day
     * and byte window, what processing jobs still hold in reservations, and how many jobs already
     * wait in the queue (they will spend calls before anything queued now). $1 now.
     */
    static final String PROVIDER_BUDGETS = """
            select q.provider, q.calls_per_minute, q.calls_per_day, q.bytes_per_window,
                   q.safety_margin_pct::float8 as safety_margin_pct, q.on_demand_reserve_pct::float8 as on_demand_reserve_pct,
                   coalesce(u.calls_minute, 0)::bigint as calls_minute,
                   coalesce(u.calls_day, 0)::bigint as calls_day,
                   coalesce(u.bytes_window, 0)::bigint as bytes_window,
                   coalesce(j.reserved_calls, 0)::bigint as reserved_calls,
                   coalesce(j.reserved_bytes, 0)::bigint as reserved_bytes,
                   coalesce(j.pending, 0)::bigint as pending,
                   coalesce(j.pending_bytes, 0)::bigint as pending_bytes
            from provider_quotas q
            left join lateral (
                select sum(a.calls) filter (where a.bucket_start >= date_trunc('minute', $1::timestamptz)) as calls_minute,
                       sum(a.calls) filter (where a.bucket_start >= date_trunc('day', $1::timestamptz, 'UTC')) as calls_day,
                       sum(a.bytes) filter (where q.bytes_window_seconds is not null
                                            and a.bucket_start > $1::timestamptz - make_interval(secs => q.bytes_window_seconds)) as bytes_window
                from api_usage a
                where a.provider = q.provider
                  and a.bucket_start > least(date_trunc('day', $1::timestamptz, 'UTC'),
                                             $1::timestamptz - make_interval(secs => coalesce(q.bytes_window_seconds, 0)))
            ) u on true
            left join lateral (
                select sum(r.reserved_calls) filter (where r.status = 'processing') as reserved_calls,
                       sum(r.reserved_bytes) filter (where r.status = 'processing') as reserved_bytes,
                       count(*) filter (where r.status = 'pending') as pending,
                       sum(r.estimated_bytes) filter (where r.status = 'pending') as pending_bytes
                from refresh_jobs r
                where r.provider = q.provider
            ) j on true""";

    /**
     * The next keyset batch of a symbol-scoped target table: each symbol after the cursor with its
     * newest row, and whether it is due (it has rows of this data type, older than the TTL or without
     * a timestamp, and is not already queued). Each symbol and its newest row are index look-ups
     * ({@link StalenessSql#newestOfSymbolsAfter}), so a batch costs its symbols, not their rows.
     * $1 cursor (symbols after it; '' from the start), $2 batch size, $3 due cutoff, $4 data_type,
     * then the constant keys ({@link ConstantKeys#bind}).
     */
    static String scanBatch(DataType dt) {
        return """
                select b.symbol,
                       b.own and (b.updated_at is null or b.updated_at <= $3)
                       and not exists (select 1 from refresh_jobs j where j.data_type = $4 and j.symbol = b.symbol) as due
                from (%s) b
                order by b.symbol""".formatted(StalenessSql.newestOfSymbolsAfter(dt, "$1::text", "$2::int", 5));
    }

    /**
     * Whether a global data type is due and not queued. $1 due cutoff, $2 data_type, $3 global symbol,
     * then the constant keys ({@link ConstantKeys#bind}).
     */
    static String globalDue(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        return """
                select not exists (select 1 from %1$s t where t.%2$s > $1%3$s)
                       and not exists (select 1 from refresh_jobs j where j.data_type = $2 and j.symbol = $3) as due"""
                .formatted(table, ts, ConstantKeys.filter(dt, "t", 4));
    }

    /** $1 data_type. */
    static final String LOAD_CURSOR = """
            select last_symbol, pass_started_at from scheduled_scan_cursor where data_type = $1""";

    /** $1 data_type, $2 last_symbol (null = pass complete), $3 pass_started_at, $4 pass_finished_at (null keeps it), $5 now. */
    static final String SAVE_CURSOR = """
            insert into scheduled_scan_cursor as c (data_type, last_symbol, pass_started_at, pass_finished_at, updated_at)
            values ($1::text, $2::text, $3::timestamptz, $4::timestamptz, $5::timestamptz)
            on conflict (data_type) do update
               set last_symbol = excluded.last_symbol,
                   pass_started_at = excluded.pass_started_at,
                   pass_finished_at = coalesce(excluded.pass_finished_at, c.pass_finished_at),
                   updated_at = excluded.updated_at""";
}
