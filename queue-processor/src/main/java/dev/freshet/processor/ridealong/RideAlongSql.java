package dev.freshet.processor.ridealong;

import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

/**
 * The statement that fills a batch call's spare symbol slots. Table and column names come only from
 * validated registry rows and are always quoted; values are bound.
 */
public final class RideAlongSql {

    private RideAlongSql() {
    }

    /**
     * Fills up to $4 spare slots of a batch call. First with jobs of the data type already queued that the claim
     * left out (a claim ranks a window of candidates across the provider, so under a backlog of other types some
     * due jobs of a batch type fall outside it and each later claim took a few of them into a call of its own):
     * pending and runnable now, soonest due first, claimed as the call's claim with their attempt counted, their
     * origin, viewers and attempts kept, no call reserved. Then queues, already claimed, cached pairs that no job
     * covers: first the pairs somebody views (a presence row) written longer ago than $9 seconds (half
     * the TTL), oldest first, then any pair about to go stale (written longer ago than $2 seconds: the
     * refresh-ahead age), stalest first. A viewed pair carried now is one whose refresh-ahead would otherwise
     * make a call of its own within the TTL; an unviewed one only may be opened next. A viewed pair refreshed
     * less than half its TTL ago does not ride: it gains little, and its refresh spends a bytes budget and a
     * write for it (filling calls with them, 4 of 5 riders refreshed a quote about 27 s old, the calls a minute
     * unchanged). Pairs in the negative cache stay out. A provider whose budget counts
     * bytes takes only as many of either as the room left in its window holds at $8 estimated bytes each
     * (the window's usage, the reservations of running jobs and the safety margin counted as the claim
     * counts them), and each reserves its estimate. The cached pairs are claimed with no call reserved
     * and one attempt only: a rider is never retried nor queued. A pair queued meanwhile by someone
     * else wins ({@code on conflict do nothing}).
     * $1 data type, $2 age in seconds, $3 provider, $4 most riders, $5 claimed_at (the call's claim
     * time), $6 instance id, $7 lease seconds, $8 estimated bytes of one pair, $9 age in seconds from
     * which a viewed pair rides first. Returns job_id, symbol, origin, priority, viewer_count, attempts, max_attempts,
     * enqueued_at, trace_parent: the queued jobs first, soonest due first.
     */
    public static String claimRiders(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String symbol = Identifiers.quote(dt.symbolColumn());
        String written = Identifiers.quote(dt.timestampColumn());
        return """
                with room as (
                    select floor(q.bytes_per_window * (1 - q.safety_margin_pct / 100))
                           - coalesce((select sum(u.bytes) from api_usage u where u.provider = q.provider
                                          and u.bucket_start > now() - make_interval(secs => q.bytes_window_seconds)), 0)
                           - coalesce((select sum(j.reserved_bytes) from refresh_jobs j
                                        where j.provider = q.provider and j.status = 'processing'), 0) as bytes
                      from provider_quotas q where q.provider = $3 and q.bytes_per_window is not null
                ), slots as materialized (
                    select greatest(0, least($4::bigint, coalesce((select floor(r.bytes / greatest($8::bigint, 1)) from room r), $4::bigint))) as n
                ), soonest as (
                    -- walked on the provider's pending index by deadline, on-demand jobs and the others apart as the index
                    -- has them: sorting every pending job of the type cost about 24 ms a call at 45,000 queued
                    select w.job_id
                      from (values (true), (false)) d(on_demand) cross join lateral (
                          select p.job_id, coalesce(p.deadline_at, p.enqueued_at) as due_at
                            from refresh_jobs p
                           where p.provider = $3 and (p.origin in ('viewer', 'manual')) = d.on_demand and p.status = 'pending'
                             and p.data_type = $1 and p.run_after <= now()
                           order by coalesce(p.deadline_at, p.enqueued_at)
                           limit (select s.n from slots s)) w
                     order by w.due_at, w.job_id
                     limit (select s.n from slots s)
                ), queued as (
                    -- by an array of keys, looked up one by one (joined to a CTE, the planner scanned the whole queue)
                    select j.job_id from refresh_jobs j
                     where j.job_id = any((select array_agg(s.job_id) from soonest s)::bigint[])
                       and j.status = 'pending' and j.run_after <= now()
                       for update of j skip locked
                ), joined as (
                    update refresh_jobs j
                       set status = 'processing', attempts = j.attempts + 1, claimed_at = $5, claimed_by = $6,
                           lease_expires_at = clock_timestamp() + make_interval(secs => $7::float8), reserved_calls = 0, reserved_bytes = $8
                     where j.job_id = any((select array_agg(q.job_id) from queued q)::bigint[])
                    returning j.job_id, j.symbol, j.origin, j.priority, j.viewer_count, j.attempts, j.max_attempts, j.enqueued_at,
                              j.trace_parent, coalesce(j.deadline_at, j.enqueued_at) as due_at
                ), cutoff as materialized (
                    -- the clock read once, not per row (a volatile call in the filter is evaluated for every row of the table)
                    select clock_timestamp() - make_interval(secs => least($2::float8, $9::float8)) as aged_before,
                           clock_timestamp() - make_interval(secs => $2::float8) as stale_before
                ), aged as (
                    -- the viewed pairs and the negative cache as hashed sets, looked up per row, where a correlated
                    -- look-up per row cost most of the statement (about 130 ms on 50,000 cached quotes, 40 ms this way)
                    select t.%2$s as symbol, t.%3$s as written,
                           coalesce(t.%2$s in (select a.symbol from active_subscriptions a where a.data_type = $1), false) as viewed
                      from %1$s t
                     where t.%3$s < (select c.aged_before from cutoff c)
                       -- a queued job covers its pair, the ones joined above included (this statement sees the queue as it began)
                       and not exists (select 1 from refresh_jobs j where j.data_type = $1 and j.symbol = t.%2$s)
                       and t.%2$s not in (select n.symbol from symbol_not_found n where n.data_type = $1 and n.not_found_until > now())
                ), stalest as (
                    select a.symbol
                      from aged a
                     where a.viewed or a.written < (select c.stale_before from cutoff c)
                     order by case when a.viewed then 0 else 1 end, a.written
                     limit (select s.n from slots s) - (select count(*) from joined)
                ), riders as (
                    insert into refresh_jobs as j (data_type, symbol, provider, priority, origin, status, attempts, max_attempts,
                                                   claimed_at, claimed_by, lease_expires_at, estimated_bytes, reserved_calls, reserved_bytes)
                    select $1, s.symbol, $3, 0, 'ride_along', 'processing', 1, 1,
                           $5, $6, clock_timestamp() + make_interval(secs => $7::float8), $8, 0, $8
                      from stalest s
                    on conflict (data_type, symbol) do nothing
                    returning j.job_id, j.symbol, j.origin, j.priority, j.viewer_count, j.attempts, j.max_attempts, j.enqueued_at,
                              j.trace_parent
                )
                select job_id, symbol, origin, priority, viewer_count, attempts, max_attempts, enqueued_at, trace_parent
                  from (select 0 as part, j.due_at, j.job_id, j.symbol, j.origin, j.priority, j.viewer_count, j.attempts,
                               j.max_attempts, j.enqueued_at, j.trace_parent from joined j
                        union all
                        select 1, null, r.job_id, r.symbol, r.origin, r.priority, r.viewer_count, r.attempts, r.max_attempts,
                               r.enqueued_at, r.trace_parent from riders r) x
                 order by part, due_at, job_id""".formatted(table, symbol, written);
    }
}
