package dev.freshet.checker.history;

/** Queue-history retention and partition upkeep, through the schema's partition functions. */
final class HistorySql {

    private HistorySql() {
    }

    /** DDL must not queue behind a long transaction and stall every writer of the history table behind it. */
    static final String LOCK_TIMEOUT = "select set_config('lock_timeout', '5000', true)";

    /** $1 first day, $2 number of days. One row: created. */
    static final String ENSURE_PARTITIONS = "select freshet_ensure_history_partitions($1::date, $2) as created";

    /** $1 partitions ending on or before this day are dropped. One row: dropped. */
    static final String DROP_PARTITIONS = "select freshet_drop_history_partitions($1::date) as dropped";

    /** Rows that landed in the default partition age out like the others. $1 cutoff. */
    static final String PRUNE_DEFAULT_PARTITION = "delete from refresh_job_history_default where finished_at < $1";

    /** $1 cutoff. Runs still marked running are kept: they are evidence of a hung or killed run. */
    static final String PRUNE_EXECUTION_LOG = """
            delete from scheduler_execution_log where started_at < $1 and status <> 'running'""";
}
