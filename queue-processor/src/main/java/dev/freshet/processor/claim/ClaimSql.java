package dev.freshet.processor.claim;

/** The claim: which due jobs this processor takes now, within every provider's budget. */
public final class ClaimSql {

    /**
     * Takes the claim's hold on the budgets it may spend: for every provider with a limit (a quota row
     * with calls per minute, per day or bytes per window), a transaction-level lock of its own, tried
     * and never waited for. A budget is exact because only one claim at a time reads and reserves it:
     * the next holder's claim statement starts after the previous one committed, so it sees those
     * reservations. A provider held by another claim is left to that claim ({@code busy}; the caller
     * skips it) while this one claims for the others at the same time. Providers without a limit have
     * nothing to keep exact and are never held: concurrent claims share them through the candidates'
     * row locks. Advisory locks, not row locks on {@code provider_quotas}: the processor may not write
     * the quota rows (a row lock needs the UPDATE privilege), and an operator's quota change must not
     * wait for claims. Returns the database's time once the locks are held, the claim's {@code $1}, so
     * every processor claims, and counts the minute, by one clock. $1 a shift in seconds (0; tests move
     * time with it), $2 providers the claim skips anyway, $3 data types it skips (a provider none of whose
     * data types the claim may take is not locked either). Also has the claim statement that follows in the
     * same transaction run on the plan the database made once for all values ({@code plan_cache_mode}, for this
     * transaction only), which walks the pending indexes as a plan made for the values does: left to choose,
     * the database planned the claim afresh on almost every call, about 3.5 ms of its time each.
     */
    public static final String LOCK_BUDGETS = """
            with held as materialized (
                select q.provider, pg_try_advisory_xact_lock(hashtext('freshet.claim'), hashtext(q.provider)) as mine
                  from provider_quotas q
                 where (q.calls_per_minute is not null or q.calls_per_day is not null or q.bytes_per_window is not null)
                   and q.provider <> all($2::text[])
                   and exists (select 1 from data_type_registry r where r.provider = q.provider and r.data_type <> all($3::text[]))
            )
            select clock_timestamp() + make_interval(secs => $1) as now,
                   coalesce(array_agg(h.provider order by h.provider) filter (where not h.mine), '{}') as busy,
                   set_config('plan_cache_mode', 'force_generic_plan', true) as plan_cache_mode
              from held h""";

    /**
     * The claim: up to $2 due jobs. Candidates ({@code candidates} per ordering and walk, {@link #candidatesFor}) are
     * the best by priority, the oldest (so aging can promote them) and, under the deadline policy, the earliest due, of
     * each provider with budget left and not paused by an operator (provider_pauses), its on-demand and its scheduled
     * jobs each walked on their own index range (the scheduled ones not at all once its scheduled share is spent), so
     * jobs the claim may not take cost nothing however deep their backlog. They are locked
     * with SKIP LOCKED, so a claim running at the same time (for providers without a limit, or for other providers)
     * takes the next candidates instead of waiting for its own. They are ranked by the policy $9:
     * <ul>
     * <li>{@code static}: effective priority (priority plus one point per $7 seconds waited), then age;</li>
     * <li>{@code deadline}: value per call in factors of two — tier weight ($10 critical, $11 standard,
     * $12 low) × viewers ($18 for a job nobody views, so any viewed pair goes before it) × pairs one call serves (a batchable data
     * type's call refreshes up to maxSymbols of the candidates, so each of them costs that share of a
     * call) — doubled per $14 seconds waited past the later of its deadline and its enqueue (no job
     * waits forever), manual jobs first; among comparable value the higher tier, then, of pairs already stale, the
     * most viewed, then the earliest deadline (deadline_at, else enqueue time). Before all that, a job due within $15 seconds (the
     * horizon) goes before any job due later: a pair refreshed far ahead of its deadline gains nothing
     * a refresh just before it would not, so it waits while pairs due now are paid for.</li>
     * </ul>
     * Batchable data types (handler_config.batch.maxSymbols) are cut into call groups that reserve
     * one call for the whole group; a group is taken or left as a whole by the call budget. Under the deadline
     * policy a group all of whose pairs are fresh for longer than $22 seconds yet (and no manual job among them) is
     * not taken: it gathers. Pairs queued ahead of their deadline need no call of their own now, and the ones queued
     * after them, or a call made meanwhile for a pair that is stale, take them along; a call per refresh-ahead cohort
     * was most of a batch type's calls (16 a minute for quotes where 4 would do). A full group gathers too: it can take
     * no more pairs, but made at once it refreshes a cohort queued at 80 % of its TTL every 50 s where one made at the
     * margin does so every 55 s. No group gathers into the minute's last seconds (from $17, when the tiers below may
     * spend every call the minute has left): it would find none and wait for the next minute past its deadline, so it
     * goes at once. A group with room for more pairs (no manual job among them) also waits while a call of its data
     * type that began less than $23 seconds ago is still out: pairs queued a few at a time while a call is out go together when it ends, not a call each. A running
     * total per provider keeps calls (this minute, last day) and bytes (trailing window), settled usage
     * plus reservations of processing jobs, within each limit minus the safety margin; groups led by
     * scheduled work also leave the on-demand reserve untouched. The per-minute budget is paced: a
     * share $8 of it is usable at the start of a minute and the rest accrues evenly until $13 seconds
     * into it, so a tight budget is not spent in the first second, and all of it is claimable while
     * the minute still has time to spend it. Under the deadline policy pacing holds back only the work that would
     * take the calls of pairs viewed later in the minute: a call for a pair someone views now (or a manual job), due
     * within the horizon, may spend the whole minute's usable calls at once, as pairs waiting now are worth as much as
     * those that arrive later and the bound pays them at the minute's start; but each tier below {@code critical} leaves
     * the tiers above it what they are expected to need in the rest of the minute until $17 seconds into it: the calls
     * their viewed pairs made in the previous minute ($19 providers; $20 calls of critical and standard, left by the
     * lowest tier, {@code low}; $21 calls of critical, left by standard and low; {@link #UPPER_TIER_CALLS}), the standard
     * tier's no more than it can still use — the calls of its pairs queued during the previous minute ($24), as new pairs
     * will be viewed in this one, and those of its pairs needed now that the low call would go before: a standard backlog
     * drained in one minute does not come back, and counted whole it held the low tier's backlog back all the next
     * minute, where the bound spends those calls at its start — shrinking evenly to none at $17, and the critical
     * tier's whole until then (its pairs live shortly, a quote a minute, so their refreshes come due again at any second
     * of every minute, where the standard tier's longer-lived pairs spread theirs thin), and the lowest tier never less
     * than a share $16 of the minute's usable calls. A low call the kept calls turn away takes no place in the running
     * total of the calls ranked after it, so the pairs of the tiers above behind it get the calls kept for them. And while anyone views a
     * pair of the provider, a call that nobody needs now (its pairs viewed by nobody, or due beyond the horizon) waits
     * until $17 seconds into the minute, paced, so the calls go to what people look at first. After $17 what is left
     * is anyone's, so no call of the minute is stranded. Sets the lease and the reservation and counts the attempt.
     * $1 now, $2 limit, $3 instance id, $4 lease seconds, $5 providers to skip, $6 data types to skip,
     * $7 static aging step seconds, $8 share of the minute budget usable at
     * once (1 = unpaced), $9 policy, $10-$12 tier weights, $13 pacing window seconds, $14 deadline aging step seconds,
     * $15 deadline horizon seconds, $16 the low tier's reserve share, $17 how many seconds into the minute it holds,
     * $18 what a job nobody views counts for, in viewers, $19 to $21 the calls of the tiers above in the previous minute by
     * provider, $22 how close its first deadline brings a batch call with room to spare before it goes, $23 how long after
     * a call of its type began a batch call with room to spare waits for that call to end, $24 the calls of the standard
     * tier's pairs queued during the previous minute, by provider ($19).
     */
    public static String claimDueJobs(int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive, was " + candidates);
        }
        return CLAIM_DUE_JOBS.formatted(candidates);
    }

    /**
     * Candidates per ordering for a processor claiming up to {@code batchSize} jobs at once: twice the batch, so a
     * claim ranks more than it takes, and at least 20. A literal in the statement, not a bind parameter: the
     * statement is prepared once per connection, and after five executions PostgreSQL plans it once for all
     * values. A limit it cannot see, it takes for a tenth of the pending queue, and that plan reads and sorts the
     * whole queue (38.6 ms at 50,000 pending) where a walk of the pending index stops after the candidates; so it
     * was planned again on almost every claim, about 3.5 ms of the database's time each. With the count in the
     * text the plan made once walks the indexes.
     */
    public static int candidatesFor(int batchSize) {
        return Math.max(batchSize * 2, 20);
    }

    private static final String CLAIM_DUE_JOBS = """
            with reserved as (
                select provider, sum(reserved_calls) as calls, sum(reserved_bytes) as bytes
                from refresh_jobs where status = 'processing'
                group by provider
            ), calling as materialized (
                -- the batch types with a call out that began less than $23 seconds ago
                select coalesce(array_agg(distinct p.data_type), '{}') as data_types
                  from refresh_jobs p
                 where p.status = 'processing' and p.reserved_calls > 0 and p.claimed_at > $1::timestamptz - make_interval(secs => $23::float8)
            ), budget as (
                select q.provider, q.calls_per_day, q.bytes_per_window, q.calls_per_minute as whole_calls_per_minute,
                       coalesce((select u.calls from unnest($19::text[], $20::float8[]) u(provider, calls)
                                  where u.provider = q.provider), 0) as upper_calls,
                       coalesce((select u.calls from unnest($19::text[], $21::float8[]) u(provider, calls)
                                  where u.provider = q.provider), 0) as critical_calls,
                       coalesce((select u.calls from unnest($19::text[], $24::float8[]) u(provider, calls)
                                  where u.provider = q.provider), 0) as standard_new_calls,
                       exists (select 1 from data_type_registry t where t.provider = q.provider
                                  and exists (select 1 from active_subscriptions a where a.data_type = t.data_type)) as viewed_now,
                       -- rounded so that a budget meant to be whole (a third of the way at 0.25) is not floored one below
                       round(q.calls_per_minute * least(1, $8::float8::numeric + (1 - $8::float8::numeric)
                           * extract(epoch from ($1::timestamptz - date_trunc('minute', $1::timestamptz))) / $13::float8::numeric), 6) as calls_per_minute,
                       1 - q.safety_margin_pct / 100 as usable,
                       1 - q.on_demand_reserve_pct / 100 as scheduled_share,
                       coalesce(res.calls, 0) + coalesce((select sum(u.calls) from api_usage u
                           where u.provider = q.provider and u.bucket_start >= date_trunc('minute', $1::timestamptz)), 0) as minute_used,
                       coalesce(res.calls, 0) + case when q.calls_per_day is null then 0 else coalesce((select sum(u.calls) from api_usage u
                           where u.provider = q.provider and u.bucket_start > $1 - interval '1 day'), 0) end as day_used,
                       coalesce(res.bytes, 0) + case when q.bytes_per_window is null then 0 else coalesce((select sum(u.bytes) from api_usage u
                           where u.provider = q.provider
                             and u.bucket_start > $1 - make_interval(secs => q.bytes_window_seconds)), 0) end as bytes_used
                from provider_quotas q left join reserved res on res.provider = q.provider
            ), spent as (
                -- providers (or their scheduled share) with nothing left: their jobs must not crowd out the candidates
                select b.provider,
                       -- under the deadline policy viewed pairs are not paced: spent only when the whole minute is
                       (b.calls_per_minute is not null and b.minute_used
                           >= floor(case when $9 = 'deadline' then b.whole_calls_per_minute else b.calls_per_minute end * b.usable))
                       or (b.calls_per_day is not null and b.day_used >= floor(b.calls_per_day * b.usable))
                       or (b.bytes_per_window is not null and b.bytes_used >= floor(b.bytes_per_window * b.usable)) as all_spent,
                       (b.calls_per_minute is not null and b.minute_used >= floor(b.calls_per_minute * b.usable * b.scheduled_share))
                       or (b.calls_per_day is not null and b.day_used >= floor(b.calls_per_day * b.usable * b.scheduled_share))
                       or (b.bytes_per_window is not null and b.bytes_used >= floor(b.bytes_per_window * b.usable * b.scheduled_share)) as scheduled_spent
                from budget b
            ), closed as materialized (
                -- the providers to leave alone, as two arrays computed once: all their jobs, and their scheduled jobs
                select coalesce(array_agg(s.provider) filter (where s.all_spent), '{}') || $5::text[]
                       || coalesce((select array_agg(pp.provider) from provider_pauses pp), '{}') as all_jobs,
                       coalesce(array_agg(s.provider) filter (where s.scheduled_spent and not s.all_spent), '{}') as scheduled_jobs
                from spent s
            ), walks as materialized (
                -- what this claim may take, walked apart: each provider's on-demand jobs (viewer, manual), and its
                -- scheduled jobs unless its scheduled share is spent; a provider left alone (paused, its budget spent,
                -- every data type skipped) is not walked at all. One walk of the whole queue filtered the jobs it had to
                -- leave out row by row, so under a spent budget every claim read the whole backlog to find nothing
                select r.provider, d.on_demand
                  from (select distinct t.provider from data_type_registry t
                         -- coalesce: the planner cannot estimate "<> all" of a parameter in the plan made once for all
                         -- values, nor of an array it has not computed yet, and takes it for one row; an opaque test is a half
                         where coalesce(t.data_type <> all($6::text[]), false)) r
                 cross join (values (true), (false)) d(on_demand)
                 where coalesce(r.provider <> all((select c.all_jobs from closed c)::text[]), false)
                   and (d.on_demand or coalesce(r.provider <> all((select c.scheduled_jobs from closed c)::text[]), false))
            ), eligible as not materialized (
                -- on_demand as the pending indexes have it, second after the provider
                select p.job_id, p.provider, (p.origin in ('viewer', 'manual')) as on_demand, p.priority, p.enqueued_at, p.deadline_at
                  from refresh_jobs p
                 where p.status = 'pending' and p.run_after <= $1 and coalesce(p.data_type <> all($6::text[]), false)
            ), by_priority as (
                select c.job_id from walks w cross join lateral (
                    select e.job_id from eligible e where e.provider = w.provider and e.on_demand = w.on_demand
                     order by e.priority desc, e.enqueued_at limit %1$d) c
            ), by_age as (
                select c.job_id from walks w cross join lateral (
                    select e.job_id from eligible e where e.provider = w.provider and e.on_demand = w.on_demand
                     order by e.enqueued_at limit %1$d) c
            ), by_deadline as (
                select c.job_id from walks w cross join lateral (
                    select e.job_id from eligible e where $9 = 'deadline' and e.provider = w.provider and e.on_demand = w.on_demand
                     order by coalesce(e.deadline_at, e.enqueued_at) limit %1$d) c
            ), locked as (
                -- locked again by key, checked again as it was locked (another claim may have taken a candidate since this
                -- statement began); by an array of keys, which the planner looks up one by one, where a join to the
                -- candidates it ran as a scan of the whole queue
                select j.job_id, j.data_type, j.provider, j.origin, j.enqueued_at, j.viewer_count,
                       coalesce(j.deadline_at, j.enqueued_at) as due_at,
                       j.priority + floor(greatest(extract(epoch from ($1 - j.enqueued_at)), 0) / $7)::int as effective_priority
                from refresh_jobs j
                where j.job_id = any((select array_agg(c.job_id)
                                        from (select job_id from by_priority union select job_id from by_age
                                              union select job_id from by_deadline) c)::bigint[])
                  and j.status = 'pending' and j.run_after <= $1
                for update of j skip locked
            ), typed as (
                select l.*, r.estimated_bytes as est_bytes, r.tier,
                       case when jsonb_typeof(r.handler_config -> 'batch' -> 'maxSymbols') = 'number'
                            then greatest(1, least(1000, (r.handler_config -> 'batch' ->> 'maxSymbols')::numeric::int))
                            else 1 end as group_size
                from locked l join data_type_registry r on r.data_type = l.data_type
            ), ranked as (
                select t.*,
                       case when $9 = 'deadline' then
                           floor(ln((case t.tier when 'critical' then $10::float8 when 'standard' then $11::float8 else $12::float8 end)
                                    * (case when t.viewer_count > 0 then t.viewer_count else $18::float8 end)
                                    * least(t.group_size, count(*) over (partition by t.data_type))) / ln(2) + 1e-9)
                           -- a tiny epsilon: ln(8) / ln(2) may come out a hair below 3
                           + floor(greatest(extract(epoch from ($1 - greatest(t.enqueued_at, t.due_at))), 0) / $14::float8)
                           + case when t.origin = 'manual' then 64 else 0 end
                       else t.effective_priority end as score,
                       -- among comparable value the higher tier goes first, then the earlier deadline
                       case when $9 = 'deadline' then (case t.tier when 'critical' then $10::float8 when 'standard' then $11::float8
                                                                     else $12::float8 end) else 0 end as tier_rank,
                       -- a pair already stale gains as much from its refresh whatever its deadline was: among those, more
                       -- viewers first (the score's factors of two leave up to twice as many viewers level)
                       case when $9 = 'deadline' and t.due_at <= $1 then (case when t.viewer_count > 0 then t.viewer_count else $18::float8 end) end
                           as stale_viewers,
                       case when $9 = 'deadline' then t.due_at else t.enqueued_at end as due_key,
                       $9 <> 'deadline' or t.due_at <= $1 + make_interval(secs => $15) as within_horizon
                from typed t
            ), grouped as (
                select k.*, (k.viewer_count > 0 or k.origin = 'manual') and k.within_horizon as needed_now,
                       -- the claim's order, once: every window after this one ranks by it
                       row_number() over (order by k.within_horizon desc, k.score desc, k.tier_rank desc, k.stale_viewers desc nulls last, k.due_key, k.job_id) as claim_order,
                       (row_number() over (partition by k.data_type order by k.within_horizon desc, k.score desc, k.tier_rank desc, k.stale_viewers desc nulls last, k.due_key, k.job_id) - 1)
                            / k.group_size as call_group
                from ranked k
            ), costed as (
                select g.*,
                       case when row_number() over call_w = 1 then 1 else 0 end as call_cost,
                       first_value(g.origin in ('viewer', 'manual')) over call_w as on_demand,
                       first_value(g.needed_now) over call_w as call_needed_now,
                       -- when the call must go: the gather margin before its first deadline (at once with a manual job)
                       min(case when g.origin = 'manual' then '-infinity' else g.due_at end) over call_all
                           - make_interval(secs => $22) as goes_at,
                       count(*) over call_all < g.group_size
                           and coalesce(g.data_type = any((select c.data_types from calling c)::text[]), false)
                           and bool_and(g.origin <> 'manual') over call_all as behind_call
                from grouped g
                window call_w as (partition by g.data_type, g.call_group order by g.claim_order),
                       call_all as (partition by g.data_type, g.call_group)
            ), running as (
                -- a batch call whose pairs are all fresh yet gathers: left out before the running totals, so it
                -- takes no call from the groups ranked after it
                select c.*,
                       sum(c.call_cost) over provider_w as cum_calls,
                       sum(c.est_bytes) over provider_w as cum_bytes,
                       -- the calls of the standard tier's pairs needed now that this job goes before (those ranked ahead
                       -- of it are in its running total already)
                       coalesce(sum(case when c.tier = 'standard' and c.call_needed_now then c.call_cost else 0 end) over (
                           partition by c.provider order by c.claim_order
                           rows between 1 following and unbounded following), 0) as standard_calls_behind
                from costed c
                where $9 <> 'deadline' or c.group_size = 1
                   or not (c.behind_call
                           -- a full call gathers too: it can take no more pairs, but made sooner than it must be it
                           -- refreshes them sooner than they need, and their next call comes sooner again; but none
                           -- gathers into the minute's last seconds, after $17, where the tiers below may spend every
                           -- call left and it would wait for the next minute past its deadline: it goes now
                           or (c.goes_at > $1
                               and not (c.goes_at >= date_trunc('minute', $1::timestamptz) + make_interval(secs => $17::float8)
                                        and c.goes_at < date_trunc('minute', $1::timestamptz) + interval '1 minute')))
                window provider_w as (partition by c.provider order by c.claim_order
                                      rows between unbounded preceding and current row)
            ), paid as (
                -- every job of a call group counts the calls up to its group's call, so the group is taken or left whole;
                -- calls_kept: under the deadline policy until $17, the calls a tier below critical leaves the tiers above;
                -- minute_room: the calls of the whole minute's usable budget not used or reserved yet
                select r.*, min(r.cum_calls) over (partition by r.data_type, r.call_group) as call_calls,
                       floor(b.whole_calls_per_minute * b.usable * case when r.on_demand then 1 else b.scheduled_share end)
                           - b.minute_used as minute_room,
                       case when b.calls_per_minute is not null and $9 = 'deadline' and r.tier <> 'critical' and r.call_needed_now
                                 and extract(epoch from ($1::timestamptz - date_trunc('minute', $1::timestamptz))) < $17::float8
                            then ceil(case when r.tier = 'low'
                                           then greatest(b.critical_calls + least(b.upper_calls - b.critical_calls,
                                                                                  b.standard_new_calls + r.standard_calls_behind)
                                                            * ($17::float8 - extract(epoch from ($1::timestamptz - date_trunc('minute', $1::timestamptz))))
                                                            / nullif($17::float8, 0),
                                                         b.whole_calls_per_minute * b.usable * $16::float8::numeric)
                                           else b.critical_calls end) end as calls_kept
                from running r left join budget b on b.provider = r.provider
            ), held as (
                -- a low call the calls kept for the tiers above turn away takes no place in the running totals of the calls
                -- ranked after it: the pairs of those tiers behind it get the calls kept for them in this claim
                select p.*, coalesce(bool_or(p.tier = 'low' and p.call_calls > p.minute_room - p.calls_kept)
                                         over (partition by p.data_type, p.call_group), false) as held_back
                from paid p
            ), open_totals as (
                select h.*, sum(case when h.held_back then 0 else h.call_cost end) over provider_w as open_cum_calls
                from held h
                window provider_w as (partition by h.provider order by h.claim_order
                                      rows between unbounded preceding and current row)
            ), accepted as (
                select r.job_id, r.call_cost, r.est_bytes,
                       row_number() over (order by r.claim_order) as claim_rank
                from (select o.*, min(o.open_cum_calls) over (partition by o.data_type, o.call_group) as open_calls from open_totals o) r
                left join budget b on b.provider = r.provider
                where not r.held_back
                  and (b.calls_per_minute is null or b.minute_used + r.open_calls
                          <= floor(case when $9 = 'deadline' and r.call_needed_now then b.whole_calls_per_minute else b.calls_per_minute end
                                   * b.usable * case when r.on_demand then 1 else b.scheduled_share end))
                  and (b.calls_per_minute is null or $9 <> 'deadline' or r.call_needed_now or not b.viewed_now
                       or extract(epoch from ($1::timestamptz - date_trunc('minute', $1::timestamptz))) >= $17::float8)
                  and (b.calls_per_day is null or b.day_used + r.open_calls
                          <= floor(b.calls_per_day * b.usable * case when r.on_demand then 1 else b.scheduled_share end))
                  and (b.bytes_per_window is null or b.bytes_used + r.cum_bytes
                          <= floor(b.bytes_per_window * b.usable * case when r.on_demand then 1 else b.scheduled_share end))
                  and (r.calls_kept is null or r.open_calls <= r.minute_room - r.calls_kept)
            )
            update refresh_jobs j
               set status = 'processing', attempts = j.attempts + 1, claimed_at = $1, claimed_by = $3,
                   lease_expires_at = $1 + make_interval(secs => $4), reserved_calls = a.call_cost, reserved_bytes = a.est_bytes
              from accepted a
             where j.job_id = a.job_id and a.claim_rank <= $2
            returning j.job_id, j.data_type, j.symbol, j.provider, j.priority, j.origin, j.viewer_count, j.attempts,
                      j.max_attempts, j.enqueued_at, j.reserved_calls, j.reserved_bytes, a.claim_rank, j.trace_parent""";

    /**
     * Per provider, the calls that jobs of the tiers above the lowest made for pairs somebody viewed (or manual jobs) in
     * the minute before the one of $1 ({@code calls}), and those of the critical tier alone ({@code critical_calls}):
     * what the tiers below leave them in the current minute; and of the standard tier's, those of jobs queued in the
     * minute they were claimed in ({@code standard_new_calls}): pairs that came to be viewed during the minute, as
     * others will in the next one, where the rest was a backlog that may be gone. A one-symbol type's jobs
     * are a call each; a batch type's jobs claimed together, one call (a claim that made several calls of one type counts
     * one: an estimate, on the low side for quotes, whose calls are few). From history, so calls still running are left
     * out; jobs claimed in the previous minute finished after its start, which the history's index on finished_at finds.
     */
    public static final String UPPER_TIER_CALLS = """
            select c.provider, sum(c.calls)::float8 as calls, coalesce(sum(c.calls) filter (where c.tier = 'critical'), 0)::float8 as critical_calls,
                   coalesce(sum(c.new_calls) filter (where c.tier = 'standard'), 0)::float8 as standard_new_calls
              from (select h.provider, r.tier,
                           count(*) filter (where not b.batch) + count(distinct (h.data_type, h.claimed_by, h.claimed_at)) filter (where b.batch) as calls,
                           count(*) filter (where not b.batch and b.queued_in_minute)
                           + count(distinct (h.data_type, h.claimed_by, h.claimed_at)) filter (where b.batch and b.queued_in_minute) as new_calls
              from refresh_job_history h join data_type_registry r on r.data_type = h.data_type
             cross join lateral (select coalesce(jsonb_typeof(r.handler_config -> 'batch' -> 'maxSymbols') = 'number', false) as batch,
                                        h.enqueued_at >= date_trunc('minute', h.claimed_at) as queued_in_minute) b
             where h.finished_at >= date_trunc('minute', $1::timestamptz) - interval '1 minute'
               and h.claimed_at >= date_trunc('minute', $1::timestamptz) - interval '1 minute'
               and h.claimed_at < date_trunc('minute', $1::timestamptz)
               and h.origin in ('viewer', 'manual') and (h.viewer_count > 0 or h.origin = 'manual')
               and r.tier in ('critical', 'standard')
             group by h.provider, r.tier) c
             group by c.provider""";

    /** Extends the lease of jobs this instance still runs, by the database's clock. $1 lease seconds, $2 instance id, $3 job ids. */
    public static final String RENEW_LEASES = """
            update refresh_jobs set lease_expires_at = now() + make_interval(secs => $1)
             where job_id = any($3::bigint[]) and status = 'processing' and claimed_by = $2""";

    private ClaimSql() {
    }
}
