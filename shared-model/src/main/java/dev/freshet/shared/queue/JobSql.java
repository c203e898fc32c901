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
     * $6 symbols, $7 viewer counts, $8 priorities, $9 deadlines (null: due when queued),
     * $10 the W3C traceparent of the request queuing them or null (a job already queued keeps its own).
     */
    public static final String ENQUEUE = """
            insert into refresh_jobs as j
                (data_type, symbol, provider, priority, origin, viewer_count, max_attempts, estimated_bytes, deadline_at, trace_parent)
            select $1, c.symbol, $2, c.priority, $3, c.viewers, $4, $5, c.deadline, $10
            from unnest($6::text[], $7::int[], $8::int[], $9::timestamptz[]) as c(symbol, viewers, priority, deadline)
            on conflict (data_type, symbol) do update
               set priority = greatest(j.priority, excluded.priority),
                   trace_parent = coalesce(j.trace_parent, excluded.trace_parent),
                   viewer_count = greatest(j.viewer_count, excluded.viewer_count),
                   origin = case when excluded.origin = 'viewer' then 'viewer' else j.origin end,
                   deadline_at = least(coalesce(j.deadline_at, j.enqueued_at), coalesce(excluded.deadline_at, now()))
             where excluded.priority > j.priority or excluded.viewer_count > j.viewer_count
                or coalesce(excluded.deadline_at, now()) < coalesce(j.deadline_at, j.enqueued_at)
            returning j.symbol, (j.xmax = 0) as inserted""";

    /**
     * The job's own columns a move to history carries over, qualified by {@code j} (the queue row).
     * A statement that moves jobs to history deletes them from refresh_jobs in a CTE named
     * {@code moved} returning these, the end of the job ({@code final_status}, {@code finished_at},
     * {@code final_error}) and the figures of its last call ({@link #NO_CALL} when there was none),
     * then appends {@link #ARCHIVED}.
     */
    public static final String MOVED_JOB_COLUMNS = """
            j.job_id, j.data_type, j.symbol, j.provider, j.priority, j.origin, j.viewer_count, j.attempts,
            j.enqueued_at, j.claimed_at, j.claimed_by, j.payload, j.trace_parent""";

    /** The call figures of a job that ends without a call (cancelled, or its lease lapsed). */
    public static final String NO_CALL = """
            null::int as http_status, null::bigint as actual_bytes, null::int as rows_written, null::int as queue_wait_ms,
            null::int as fetch_ms, null::int as validate_ms, null::int as write_ms""";

    /**
     * The one insert into history: a CTE {@code archived} writing the rows of the CTE {@code moved}
     * (see {@link #MOVED_JOB_COLUMNS}) and returning their job ids.
     */
    public static final String ARCHIVED = """
            archived as (
                insert into refresh_job_history
                    (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts, enqueued_at,
                     claimed_at, claimed_by, finished_at, last_error, http_status, actual_bytes, rows_written,
                     queue_wait_ms, fetch_ms, validate_ms, write_ms, payload)
                select job_id, data_type, symbol, provider, priority, origin, viewer_count, final_status, attempts, enqueued_at,
                       claimed_at, claimed_by, finished_at, final_error, http_status, actual_bytes, rows_written,
                       queue_wait_ms, fetch_ms, validate_ms, write_ms, payload
                from moved
                returning job_id
            )""";

    /**
     * Moves jobs to history with a final status. $1 job ids, $2 status, $3 finished_at, $4 error (or null
     * to keep the last one). Only pending jobs when $5 is true (cancel never steals a running job).
     * Returns the job ids moved.
     */
    public static final String ARCHIVE = """
            with moved as (
                delete from refresh_jobs j
                where j.job_id = any($1::bigint[]) and (not $5 or j.status = 'pending')
                returning %s,
                          $2::text as final_status, $3::timestamptz as finished_at, coalesce($4, j.last_error) as final_error,
                          %s
            ), %s
            select job_id from archived""".formatted(MOVED_JOB_COLUMNS, NO_CALL, ARCHIVED);

    /**
     * Recovers jobs whose lease expired (their processor died or hung) by the database's clock, the
     * one that set the lease: back to pending when attempts remain, to history as failed otherwise.
     * The lapsed attempt stays counted, and so does its reservation: it becomes usage of the current
     * minute, since the call may well have been made (a processor that died mid-call never settles
     * it, and a late finish of a lost claim settles only what it saw).
     * Returns one row: requeued, failed, calls_counted.
     */
    public static final String RECOVER_EXPIRED_LEASES = """
            with expired as (
                select job_id, provider, reserved_calls, reserved_bytes from refresh_jobs
                where status = 'processing' and lease_expires_at < now()
                for update skip locked
            ), moved as (
                delete from refresh_jobs j using expired e
                where j.job_id = e.job_id and j.attempts >= j.max_attempts
                returning %s,
                          'failed' as final_status, now() as finished_at,
                          'lease expired on ' || coalesce(j.claimed_by, 'unknown processor') || ' after the last attempt' as final_error,
                          %s
            ), %s, requeued as (
                update refresh_jobs j
                   set status = 'pending', claimed_at = null, claimed_by = null, lease_expires_at = null,
                       reserved_calls = 0, reserved_bytes = 0, run_after = now(),
                       last_error = 'lease expired on ' || coalesce(j.claimed_by, 'unknown processor')
                  from expired e
                 where j.job_id = e.job_id and j.attempts < j.max_attempts
                returning j.job_id
            ), usage as (
                insert into api_usage as u (provider, bucket_start, calls, bytes)
                select provider, date_trunc('minute', now()), sum(reserved_calls), sum(reserved_bytes)
                from expired
                group by provider
                having sum(reserved_calls) > 0 or sum(reserved_bytes) > 0
                on conflict (provider, bucket_start, writer) do update
                   set calls = u.calls + excluded.calls, bytes = u.bytes + excluded.bytes
                returning 1
            )
            select (select count(*) from requeued) as requeued, (select count(*) from archived) as failed,
                   (select coalesce(sum(reserved_calls), 0) from expired) as calls_counted,
                   (select count(*) from usage) as usage_buckets"""
            .formatted(MOVED_JOB_COLUMNS, NO_CALL, ARCHIVED);

    /**
     * Lowers pending viewer jobs whose viewers left or lapsed, so the boost decays with presence:
     * viewer count to the viewers still live, priority to what they earn (the data type's registry
     * priority once none are). Only ever lowers (raising is the enqueue's job) and never touches a
     * running job. $1 live since, $2 viewer base priority, $3 max viewer boost, $4 data types and
     * $5 symbols (parallel arrays) to limit it to some pairs, or both null for every job.
     * Returns data_type, symbol, priority, viewer_count of the jobs lowered.
     */
    public static final String DECAY_VIEWER_PRIORITIES = """
            with counted as (
                select j.job_id, r.priority as type_priority,
                       (select count(*) from active_subscriptions a
                         where a.data_type = j.data_type and a.symbol = j.symbol and a.last_seen_at > $1)::int as viewers
                from refresh_jobs j
                join data_type_registry r on r.data_type = j.data_type
                where j.status = 'pending' and j.origin = 'viewer' and j.viewer_count > 0
                  and ($4::text[] is null
                       or (j.data_type, j.symbol) in (select p.data_type, p.symbol
                                                       from unnest($4::text[], $5::text[]) as p(data_type, symbol)))
            )
            update refresh_jobs j
               set viewer_count = c.viewers,
                   priority = least(j.priority, case when c.viewers = 0 then c.type_priority
                                                     else $2 + c.type_priority + least(c.viewers, $3) end)
              from counted c
             where j.job_id = c.job_id and j.status = 'pending' and c.viewers < j.viewer_count
            returning j.data_type, j.symbol, j.priority, j.viewer_count""";

    private JobSql() {
    }
}
