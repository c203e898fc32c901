package dev.freshet.shared.queue;

/**
 * Queue statements used by more than one service. A job's {@code attempts} counts the attempts
 * started (it is incremented at claim); reservations against a provider's budget are the
 * {@code reserved_*} columns of processing rows, so returning a row to pending releases them.
 */
public final class JobSql {

    /**
     * Set-based, deduplicated enqueue: one row per symbol; a symbol already queued keeps its job
     * and only has its priority and viewer count raised and its deadline brought forward (a
     * scheduled job seen by a viewer becomes a viewer job). Returns the rows inserted or raised.
     * $1 data_type, $2 provider, $3 origin, $4 max_attempts, $5 estimated_bytes,
     * $6 symbols, $7 viewer counts, $8 priorities, $9 deadlines (null: due when queued).
     */
    public static final String ENQUEUE = """
            insert into refresh_jobs as j
                (data_type, symbol, provider, priority, origin, viewer_count, max_attempts, estimated_bytes, deadline_at)
            select $1, c.symbol, $2, c.priority, $3, c.viewers, $4, $5, c.deadline
            from unnest($6::text[], $7::int[], $8::int[], $9::timestamptz[]) as c(symbol, viewers, priority, deadline)
            on conflict (data_type, symbol) do update
               set priority = greatest(j.priority, excluded.priority),
                   viewer_count = greatest(j.viewer_count, excluded.viewer_count),
                   origin = case when excluded.origin = 'viewer' then 'viewer' else j.origin end,
                   deadline_at = least(coalesce(j.deadline_at, j.enqueued_at), coalesce(excluded.deadline_at, now()))
             where excluded.priority > j.priority or excluded.viewer_count > j.viewer_count
                or coalesce(excluded.deadline_at, now()) < coalesce(j.deadline_at, j.enqueued_at)
            returning j.symbol, (j.xmax = 0) as inserted""";

    /**
     * Moves jobs to history with a final status. $1 job ids, $2 status, $3 finished_at, $4 error (or null
     * to keep the last one). Only pending jobs when $5 is true (cancel never steals a running job).
     */
    public static final String ARCHIVE = """
            with moved as (
                delete from refresh_jobs
                where job_id = any($1::bigint[]) and (not $5 or status = 'pending')
                returning *
            )
            insert into refresh_job_history
                (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts,
                 enqueued_at, claimed_at, claimed_by, finished_at, last_error, payload)
            select job_id, data_type, symbol, provider, priority, origin, viewer_count, $2, attempts,
                   enqueued_at, claimed_at, claimed_by, $3, coalesce($4, last_error), payload
            from moved
            returning job_id""";

    /**
     * Recovers jobs whose lease expired (their processor died or hung): back to pending when
     * attempts remain, to history as failed otherwise. The lapsed attempt stays counted.
     * $1 now. Returns one row: requeued, failed.
     */
    public static final String RECOVER_EXPIRED_LEASES = """
            with expired as (
                select job_id from refresh_jobs
                where status = 'processing' and lease_expires_at < $1
                for update skip locked
            ), exhausted as (
                delete from refresh_jobs j using expired e
                where j.job_id = e.job_id and j.attempts >= j.max_attempts
                returning j.*
            ), archived as (
                insert into refresh_job_history
                    (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts,
                     enqueued_at, claimed_at, claimed_by, finished_at, last_error, payload)
                select job_id, data_type, symbol, provider, priority, origin, viewer_count, 'failed', attempts,
                       enqueued_at, claimed_at, claimed_by, $1,
                       'lease expired on ' || coalesce(claimed_by, 'unknown processor') || ' after the last attempt',
                       payload
                from exhausted
                returning job_id
            ), requeued as (
                update refresh_jobs j
                   set status = 'pending', claimed_at = null, claimed_by = null, lease_expires_at = null,
                       reserved_calls = 0, reserved_bytes = 0, run_after = $1,
                       last_error = 'lease expired on ' || coalesce(j.claimed_by, 'unknown processor')
                  from expired e
                 where j.job_id = e.job_id and j.attempts < j.max_attempts
                returning j.job_id
            )
            select (select count(*) from requeued) as requeued, (select count(*) from archived) as failed""";

    private JobSql() {
    }
}
