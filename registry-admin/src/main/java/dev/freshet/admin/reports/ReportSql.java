package dev.freshet.admin.reports;

/** Read-only report statements over the scheduler log, the freshness cache and the job history. */
final class ReportSql {

    /**
     * Per scheduled task: runs and failures since $1, its last run and last success since $2.
     */
    static final String SCHEDULER_TASKS = """
            select task,
                   count(*) filter (where started_at >= $1) as runs,
                   count(*) filter (where started_at >= $1 and status = 'failed') as failures,
                   max(started_at) as last_started_at,
                   (array_agg(status order by started_at desc, execution_id desc))[1] as last_status,
                   max(finished_at) filter (where status = 'succeeded') as last_success_at,
                   (array_agg(error order by started_at desc, execution_id desc) filter (where status = 'failed'))[1] as last_error,
                   avg(extract(epoch from finished_at - started_at) * 1000)
                       filter (where finished_at is not null and started_at >= $1) as avg_duration_ms,
                   coalesce(sum(jobs_enqueued) filter (where started_at >= $1), 0) as jobs_enqueued
            from scheduler_execution_log
            where started_at >= $2
            group by task
            order by task""";

    /** The hot queue's health. $1 now. */
    static final String QUEUE_HEALTH = """
            select count(*) filter (where status = 'pending') as pending,
                   count(*) filter (where status = 'processing') as processing,
                   count(*) filter (where status = 'processing' and lease_expires_at < $1) as expired_leases,
                   min(enqueued_at) filter (where status = 'pending' and run_after <= $1) as oldest_due_at
            from refresh_jobs""";

    /**
     * Freshness per data type from the freshness cache, classified with the data type's two
     * thresholds (warn: its own or the TTL; error: its own or the tier target, never below warn).
     * $1 now, $2/$3/$4 tier targets in seconds (critical, standard, low), $5 tier, $6 data type.
     */
    static final String CLASSIFIED = """
            with t as (
                select r.data_type, r.tier, r.enabled,
                       coalesce(r.warn_after_seconds, r.ttl_seconds) as warn_s,
                       greatest(coalesce(r.error_after_seconds,
                                         case r.tier when 'critical' then $2::int when 'standard' then $3::int else $4::int end),
                                coalesce(r.warn_after_seconds, r.ttl_seconds)) as error_s
                from data_type_registry r
                where ($5::text is null or r.tier = $5) and ($6::text is null or r.data_type = $6)
            ), c as (
                select t.data_type, t.tier, t.enabled, t.warn_s, t.error_s, d.symbol, d.last_updated_at,
                       case when d.symbol is null then null
                            when d.last_updated_at is null then 'missing'
                            when d.last_updated_at > $1::timestamptz - make_interval(secs => t.warn_s) then 'fresh'
                            when d.last_updated_at > $1::timestamptz - make_interval(secs => t.error_s) then 'aging'
                            else 'stale' end as state
                from t left join data_freshness d on d.data_type = t.data_type
            )
            """;

    static final String STALENESS_COUNTS = CLASSIFIED + """
            select data_type, tier, enabled, warn_s, error_s,
                   count(*) filter (where state = 'fresh') as fresh,
                   count(*) filter (where state = 'aging') as aging,
                   count(*) filter (where state = 'stale') as stale,
                   count(*) filter (where state = 'missing') as missing,
                   max(last_updated_at) as newest_at, min(last_updated_at) as oldest_at
            from c
            group by data_type, tier, enabled, warn_s, error_s
            order by tier, data_type""";

    /** The worst offenders: missing first, then the oldest. $7 how many. */
    static final String WORST_OFFENDERS = CLASSIFIED + """
            select data_type, tier, symbol, last_updated_at, state,
                   extract(epoch from $1::timestamptz - last_updated_at)::bigint as age_seconds, error_s
            from c
            where state in ('stale', 'missing', 'aging')
            order by (state = 'missing') desc, (state = 'stale') desc, last_updated_at nulls first, data_type, symbol
            limit $7""";

    /**
     * Scheduler runs, newest first. $1 task, $2 status, $3 since, $4 until, $5 cursor (below this
     * execution id), $6 limit.
     */
    static final String EXECUTION_HISTORY = """
            select execution_id, task, instance_id, started_at, finished_at, status, items_examined, jobs_enqueued,
                   error, details
            from scheduler_execution_log
            where ($1::text is null or task = $1)
              and ($2::text is null or status = $2)
              and ($3::timestamptz is null or started_at >= $3)
              and ($4::timestamptz is null or started_at < $4)
              and ($5::bigint is null or execution_id < $5)
            order by execution_id desc
            limit $6""";

    /**
     * Where finished jobs spent their time, per data type. $1 since, $2 until, $3 data type.
     */
    static final String BOTTLENECKS = """
            select data_type,
                   count(*) as jobs,
                   count(*) filter (where status = 'failed') as failed,
                   coalesce(sum(queue_wait_ms), 0) as queue_wait_ms,
                   coalesce(sum(fetch_ms), 0) as fetch_ms,
                   coalesce(sum(validate_ms), 0) as validate_ms,
                   coalesce(sum(write_ms), 0) as write_ms,
                   percentile_cont(0.95) within group (order by queue_wait_ms) as p95_queue_wait_ms,
                   percentile_cont(0.95) within group (order by fetch_ms) as p95_fetch_ms,
                   percentile_cont(0.95) within group (order by validate_ms) as p95_validate_ms,
                   percentile_cont(0.95) within group (order by write_ms) as p95_write_ms
            from refresh_job_history
            where finished_at >= $1 and finished_at < $2 and ($3::text is null or data_type = $3)
            group by data_type
            order by data_type""";

    private ReportSql() {
    }
}
