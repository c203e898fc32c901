package dev.freshet.shared.aggregation;

/**
 * The aggregation statements, shared by the processor (catch-up, finish), the checker (registry
 * sync, due tasks) and the admin API (state with lag, reset). The set-based work lives in database
 * functions of migration V50 (so operators can run the same operations from psql); these statements
 * are the only way the services call them. The cursor is the start of the next window to aggregate.
 */
public final class AggregationSql {

    /** Sets a task's cursor if it has none. $1 symbol, $2 timeframe. Returns {@code cursor} (null without bars). */
    public static final String BOOTSTRAP = "select agg_bootstrap_cursor($1, $2) as cursor";

    /**
     * Aggregates the complete windows after the cursor (at most $3) and the windows of late bars,
     * in one upsert each; locks the task row until the transaction ends. $1 symbol, $2 timeframe,
     * $3 max windows, $4 now. One row: outcome, cursor_from, cursor_to, windows_written,
     * windows_reaggregated, windows_deleted, more_due.
     */
    public static final String CATCH_UP = "select * from catchup_aggregation_range($1, $2, $3, $4)";

    /**
     * Ends a run: $1 symbol, $2 timeframe, $3 success, $4 new cursor, $5 error, $6 now, $7 next run,
     * $8 hard-fail threshold. Returns {@code status} afterwards.
     */
    public static final String FINISH = "select agg_finish($1, $2, $3, $4, $5, $6, $7, $8) as status";

    /**
     * Claims due tasks (SKIP LOCKED, by priority) and queues one {@code aggregate-bars} job per task in
     * the same statement; a task whose job is still queued keeps that job. $1 instance, $2 now,
     * $3 limit, $4 seconds after which a silent running task is claimed again. One row: claimed, queued.
     */
    public static final String ENQUEUE_DUE = """
            with claimed as (
                select * from agg_get_due_tasks($1, $2, $3, $4)
            ), queued as (
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, max_attempts, estimated_bytes)
                select c.data_type, c.symbol, r.provider, r.priority, 'aggregation', r.max_attempts, 0
                  from claimed c join data_type_registry r on r.data_type = c.data_type
                on conflict (data_type, symbol) do nothing
                returning 1
            )
            select (select count(*) from claimed) as claimed, (select count(*) from queued) as queued""";

    /**
     * Queues the aggregation of the timeframes built on $2 for the symbols $1 (a text array; their
     * enabled tasks not hard-failed), once a run of $2 moved its cursor or re-aggregated windows, or
     * ($2 = '1m') once 1-minute bars were written: the chain goes on at once instead of waiting for the
     * next due-task scan. Like {@link #ENQUEUE_DUE}, a task whose job is still queued keeps it.
     * Returns one row per job queued.
     */
    public static final String ENQUEUE_CHAIN = """
            insert into refresh_jobs (data_type, symbol, provider, priority, origin, max_attempts, estimated_bytes)
            select distinct on (s.symbol, r.handler_config ->> 'timeframe') r.data_type, s.symbol, r.provider, r.priority,
                   'aggregation', r.max_attempts, 0
              from data_type_registry r
              join data_agg_state s on s.symbol = any($1::text[]) and s.timeframe = r.handler_config ->> 'timeframe'
             where r.handler = 'aggregate-bars' and r.enabled and coalesce(r.handler_config ->> 'source', '1m') = $2
               and s.enabled and s.status <> 'hard_failed'
             order by s.symbol, r.handler_config ->> 'timeframe', r.data_type
            on conflict (data_type, symbol) do nothing
            returning data_type""";

    /** Claims due tasks only. $1 instance, $2 now, $3 limit, $4 stale seconds. Rows: symbol, timeframe, task_priority, is_mandatory, data_type. */
    public static final String DUE_TASKS = "select * from agg_get_due_tasks($1, $2, $3, $4)";

    /**
     * Creates the missing tasks of the symbols $1 (a text array) x every derived timeframe, starting at
     * $2. Returns {@code tasks_created}.
     */
    public static final String CREATE_TASKS = "select agg_create_tasks($1::text[], $2) as tasks_created";

    /**
     * Creates missing tasks for every symbol with 1-minute bars x every derived timeframe. $1 start
     * time of new tasks. One row: success, symbols, timeframes, tasks_created, tasks_total.
     */
    public static final String SYNC_FROM_REGISTRY = "select * from sync_agg_state_from_registry($1)";

    /**
     * Every task with its lag: minutes from the cursor to the symbol's latest 1-minute bar (null before
     * bootstrap). $1 status filter or null, $2 timeframe filter or null, $3 limit.
     */
    public static final String STATE_WITH_LAG = """
            select s.symbol, s.timeframe, s.last_agg_bar_ts_utc, s.agg_start_utc, s.enabled, s.task_priority,
                   s.is_mandatory, s.status, s.hard_fail_streak, s.last_error, s.last_successful_at_utc,
                   s.next_run_at_utc, s.running_since_utc, s.claimed_by, l.latest_1m,
                   round((extract(epoch from (l.latest_1m - s.last_agg_bar_ts_utc)) / 60)::numeric, 2) as lag_minutes,
                   (i.symbol is not null) as late_bars_pending
              from data_agg_state s
              left join lateral (select max(b.ts_utc) as latest_1m from data_bars b
                                  where b.symbol = s.symbol and b.timeframe = '1m') l on true
              left join data_agg_invalidation i on i.symbol = s.symbol and i.timeframe = s.timeframe
             where ($1::text is null or s.status = $1) and ($2::text is null or s.timeframe = $2)
             order by s.status = 'hard_failed' desc, s.task_priority desc, s.symbol, s.timeframe
             limit $3""";

    /**
     * Puts a hard-failed task back to work: idle, streak and error cleared, due at $3. Only a
     * hard-failed task is touched. $1 symbol, $2 timeframe. Returns the task's previous streak and error.
     */
    public static final String RESET_HARD_FAILED = """
            update data_agg_state s
               set status = 'idle', hard_fail_streak = 0, last_error = null, next_run_at_utc = $3,
                   running_since_utc = null, claimed_by = null, updated_at = $3
              from (select symbol, timeframe, hard_fail_streak, last_error from data_agg_state
                     where symbol = $1 and timeframe = $2 for update) prev
             where s.symbol = prev.symbol and s.timeframe = prev.timeframe and s.status = 'hard_failed'
            returning prev.hard_fail_streak, prev.last_error""";

    /** The status of one task, or no row. $1 symbol, $2 timeframe. */
    public static final String TASK_STATUS = "select status from data_agg_state where symbol = $1 and timeframe = $2";

    private AggregationSql() {
    }
}
