package dev.freshet.admin.ui;

/** The statements behind the UI-only endpoints. */
final class UiSql {

    private UiSql() {
    }

    /**
     * Queue depth at the end of each of the last {@code $2} minutes up to {@code $1}, and what finished
     * in each minute, reconstructed in one pass from the hot queue and the history: every job adds
     * +1 pending at enqueue, moves to processing at claim and leaves at finish; a running sum over the
     * minutes gives the depth. Jobs finished before the window net to zero and are not read; jobs
     * queued before it count from its first minute.
     */
    static final String TIMELINE = """
            with bounds as (
                select date_trunc('minute', $1::timestamptz) - make_interval(mins => $2 - 1) as start_at,
                       date_trunc('minute', $1::timestamptz) + interval '1 minute' as end_at
            ), jobs as (
                select enqueued_at, claimed_at, null::timestamptz as finished_at, null::text as status
                from refresh_jobs
                union all
                select h.enqueued_at, h.claimed_at, h.finished_at, h.status
                from refresh_job_history h, bounds b
                where h.finished_at >= b.start_at
            ), events as (
                select enqueued_at as at, 1 as pending, 0 as processing, null::text as finished
                from jobs
                union all
                select claimed_at, -1, 1, null from jobs where claimed_at is not null
                union all
                select finished_at, case when claimed_at is null then -1 else 0 end,
                       case when claimed_at is null then 0 else -1 end, status
                from jobs where finished_at is not null
            ), per_minute as (
                select greatest(date_trunc('minute', e.at), b.start_at) as minute,
                       sum(e.pending) as pending, sum(e.processing) as processing,
                       count(*) filter (where e.finished = 'completed' and e.at >= b.start_at) as completed,
                       count(*) filter (where e.finished = 'failed' and e.at >= b.start_at) as failed,
                       count(*) filter (where e.finished = 'cancelled' and e.at >= b.start_at) as cancelled
                from events e, bounds b
                where e.at < b.end_at
                group by 1
            )
            select m.minute,
                   greatest(0, sum(coalesce(p.pending, 0)) over w)::bigint as pending,
                   greatest(0, sum(coalesce(p.processing, 0)) over w)::bigint as processing,
                   coalesce(p.completed, 0) as completed, coalesce(p.failed, 0) as failed,
                   coalesce(p.cancelled, 0) as cancelled
            from bounds b
            cross join generate_series(b.start_at, b.end_at - interval '1 minute', interval '1 minute') as m(minute)
            left join per_minute p on p.minute = m.minute
            window w as (order by m.minute)
            order by m.minute""";

    /** Every processor instance's circuit per provider, open ones first. */
    static final String CIRCUITS = """
            select provider, instance_id, state, changed_at, open_until, last_error, updated_at
            from provider_circuit_state
            order by case state when 'open' then 0 when 'half_open' then 1 else 2 end, provider, instance_id""";
}
