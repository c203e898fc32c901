package dev.freshet.admin.queue;

/** Queue operations for operators: counts, lists, retry, cancel and history purge. */
final class QueueSql {

    /** Per data type: the hot queue now, and jobs finished since $1. $2 now. */
    static final String STATS = """
            with hot as (
                select data_type,
                       count(*) filter (where status = 'pending') as pending,
                       count(*) filter (where status = 'processing') as processing,
                       count(*) filter (where status = 'pending' and run_after > $2) as backing_off,
                       min(enqueued_at) filter (where status = 'pending') as oldest_pending_at
                from refresh_jobs group by data_type
            ), done as (
                select data_type,
                       count(*) filter (where status = 'completed') as completed,
                       count(*) filter (where status = 'failed') as failed,
                       count(*) filter (where status = 'cancelled') as cancelled
                from refresh_job_history where finished_at >= $1 group by data_type
            )
            select coalesce(h.data_type, d.data_type) as data_type,
                   coalesce(h.pending, 0) as pending, coalesce(h.processing, 0) as processing,
                   coalesce(h.backing_off, 0) as backing_off, h.oldest_pending_at,
                   coalesce(d.completed, 0) as completed, coalesce(d.failed, 0) as failed,
                   coalesce(d.cancelled, 0) as cancelled
            from hot h full join done d on d.data_type = h.data_type
            order by 1""";

    static final String JOB_COLUMNS = """
            job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts, max_attempts,
            run_after, enqueued_at, claimed_at, claimed_by, lease_expires_at, estimated_bytes, reserved_calls,
            reserved_bytes, last_error""";

    /** Hot jobs by id (keyset). $1 status, $2 data type, $3 symbol, $4 after job id, $5 limit. */
    static final String LIST_JOBS = "select " + JOB_COLUMNS + """
             from refresh_jobs
            where ($1::text is null or status = $1)
              and ($2::text is null or data_type = $2)
              and ($3::text is null or symbol = $3)
              and job_id > coalesce($4::bigint, 0)
            order by job_id
            limit $5""";

    static final String HISTORY_COLUMNS = """
            job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts, enqueued_at,
            claimed_at, claimed_by, finished_at, last_error, http_status, actual_bytes, rows_written,
            queue_wait_ms, fetch_ms, validate_ms, write_ms""";

    /**
     * Finished jobs, newest first (keyset on finished_at, job_id). $1 status, $2 data type, $3 symbol,
     * $4 since, $5 until, $6 cursor finished_at, $7 cursor job_id, $8 limit.
     */
    static final String LIST_HISTORY = "select " + HISTORY_COLUMNS + """
             from refresh_job_history
            where ($1::text is null or status = $1)
              and ($2::text is null or data_type = $2)
              and ($3::text is null or symbol = $3)
              and ($4::timestamptz is null or finished_at >= $4)
              and ($5::timestamptz is null or finished_at < $5)
              and ($6::timestamptz is null or (finished_at, job_id) < ($6::timestamptz, $7::bigint))
            order by finished_at desc, job_id desc
            limit $8""";

    /** $1 job id. Locks a hot job for an operator action. */
    static final String LOCK_JOB = "select " + JOB_COLUMNS + ", to_jsonb(j) as row_json from refresh_jobs j where job_id = $1 for update";

    /** $1 job id. The job's latest history row. */
    static final String LAST_HISTORY = "select " + HISTORY_COLUMNS + ", to_jsonb(h) as row_json from refresh_job_history h "
            + "where job_id = $1 order by finished_at desc limit 1";

    /** $1 job id, $2 now, $3 priority floor. A pending job waiting out a backoff runs as soon as a processor is free. */
    static final String RUN_NOW = """
            update refresh_jobs set run_after = $2, priority = greatest(priority, $3)
            where job_id = $1 and status = 'pending'
            returning job_id""";

    /** $1 data type, $2 symbol. */
    static final String HOT_JOB_OF = "select job_id from refresh_jobs where data_type = $1 and symbol = $2";

    /**
     * Deletes finished jobs matching the filter and audits the purge, in one statement.
     * $1 finished before, $2 status, $3 data type, $4 actor.
     */
    static final String PURGE_HISTORY = """
            with gone as (
                delete from refresh_job_history
                where finished_at < $1::timestamptz
                  and ($2::text is null or status = $2::text)
                  and ($3::text is null or data_type = $3::text)
                returning 1
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $4, 'job', 'history', 'purge',
                       jsonb_build_object('finishedBefore', $1::timestamptz, 'status', $2::text, 'dataType', $3::text),
                       jsonb_build_object('deleted', count(*))
                from gone
            )
            select count(*) as deleted from gone""";

    private QueueSql() {
    }
}
