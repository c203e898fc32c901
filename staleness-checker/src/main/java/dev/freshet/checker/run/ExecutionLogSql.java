package dev.freshet.checker.run;

/** The statements of a task run: the singleton lock and the execution log. */
final class ExecutionLogSql {

    /**
     * Takes the task's transaction-scoped advisory lock without waiting (it is released by the
     * commit or rollback that ends the run, on every path) and bounds the run's statements.
     * $1 lock namespace, $2 task lock id, $3 statement timeout in milliseconds.
     */
    static final String TRY_LOCK = """
            select pg_try_advisory_xact_lock($1, $2) as locked,
                   set_config('statement_timeout', $3::text, true) as timeout""";

    /** $1 task, $2 instance, $3 started_at. Returns execution_id. */
    static final String START = """
            insert into scheduler_execution_log (task, instance_id, started_at, status)
            values ($1, $2, $3, 'running')
            returning execution_id""";

    /** $1 execution_id, $2 finished_at, $3 status, $4 items, $5 jobs, $6 error, $7 details. */
    static final String FINISH = """
            update scheduler_execution_log
               set finished_at = $2, status = $3, items_examined = $4, jobs_enqueued = $5, error = $6, details = $7
             where execution_id = $1""";

    /** A run that never started work (skipped, or failed before taking its lock). Returns execution_id. */
    static final String RECORD = """
            insert into scheduler_execution_log
                (task, instance_id, started_at, finished_at, status, items_examined, jobs_enqueued, error, details)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            returning execution_id""";

    /** Per task: last run and last healthy run (succeeded, or deliberately skipped by a flag). $1 task names. */
    static final String LAST_RUNS = """
            select task,
                   max(started_at) as last_run,
                   max(finished_at) filter (where status in ('succeeded', 'skipped_flag')) as last_ok
            from scheduler_execution_log
            where task = any($1::text[])
            group by task""";

    private ExecutionLogSql() {
    }
}
