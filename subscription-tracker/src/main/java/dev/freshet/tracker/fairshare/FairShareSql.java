package dev.freshet.tracker.fairshare;

/**
 * The fair share's statements on {@code on_demand_calls}. A grant is two statements in one
 * transaction: {@link #LOCK_SCOPES} creates and locks the caller's row (and the unauthenticated
 * pool's) of the current minute, so concurrent grants through any replica queue behind it, then
 * {@link #CHARGE} grants what is left and counts it. Minutes are the database's.
 */
public final class FairShareSql {

    /**
     * Makes sure the rows of the current minute exist and locks them, in the order given (sorted, so
     * two callers sharing the pool row cannot deadlock). $1 scopes (sorted, no nulls).
     */
    public static final String LOCK_SCOPES = """
            insert into on_demand_calls (scope, minute, calls)
            select s, date_trunc('minute', now()), 0 from unnest($1::text[]) as s order by s
            on conflict (scope, minute) do update set calls = on_demand_calls.calls
            returning scope""";

    /**
     * Grants up to $3 calls to the caller $1 this minute: no more than its limit $5 less what it has
     * caused, and, for an unauthenticated caller ($2 = its pool's scope, else null), no more than the
     * pool's share $6 of provider $4's on-demand budget (calls a minute less the safety margin, times the
     * on-demand reserve; no pool limit for a provider without a per-minute limit) less what the pool has
     * caused. Counts the grant on both rows. Returns granted, caller_left, pool_left (null without a pool
     * limit) and seconds_left (until the minute ends).
     */
    public static final String CHARGE = """
            with counts as (
                select coalesce(max(calls) filter (where scope = $1), 0) as caller_calls,
                       coalesce(max(calls) filter (where scope = $2), 0) as pool_calls
                from on_demand_calls
                where scope in ($1, $2) and minute = date_trunc('minute', now())
            ), pool_limit as (
                select floor(q.calls_per_minute * (1 - q.safety_margin_pct / 100) * q.on_demand_reserve_pct / 100
                             * $6::float8::numeric)::int as calls
                from provider_quotas q
                where q.provider = $4 and q.calls_per_minute is not null
            ), granted as (
                select greatest(0, least($3::int, $5::int - c.caller_calls,
                           case when $2::text is null then $3::int
                                else coalesce((select p.calls from pool_limit p) - c.pool_calls, $3::int) end))::int as n
                from counts c
            ), charged as (
                update on_demand_calls u set calls = u.calls + g.n
                from granted g
                where g.n > 0 and u.minute = date_trunc('minute', now()) and (u.scope = $1 or u.scope = $2)
                returning u.scope
            )
            select g.n as granted, (select count(*) from charged)::int as rows_charged,
                   $5::int - c.caller_calls - g.n as caller_left,
                   case when $2::text is null then null else (select p.calls from pool_limit p) - c.pool_calls - g.n end as pool_left,
                   extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())::float8 as seconds_left
            from granted g, counts c""";

    /** Forgets minutes older than an hour (kept that long to be looked at). */
    public static final String PURGE = """
            delete from on_demand_calls where minute < date_trunc('minute', now()) - interval '1 hour'""";

    private FairShareSql() {
    }
}
