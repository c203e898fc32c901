package dev.freshet.admin.explain;

/** What explain reads about one (data type, symbol); every statement is a key or index lookup. */
final class ExplainSql {

    /** $1 data type, $2 symbol. */
    static final String HOT_JOB = """
            select job_id, status, priority, origin, viewer_count, attempts, max_attempts, run_after, enqueued_at,
                   claimed_by, lease_expires_at, last_error, coalesce(deadline_at, enqueued_at) as deadline_at
            from refresh_jobs where data_type = $1 and symbol = $2""";

    /** $1 data type, $2 symbol. */
    static final String LAST_FINISHED = """
            select job_id, status, attempts, finished_at, last_error
            from refresh_job_history where data_type = $1 and symbol = $2
            order by finished_at desc limit 1""";

    /** $1 data type, $2 symbol, $3 seen since (presence TTL). */
    static final String VIEWERS = """
            select count(*) as viewers, max(last_seen_at) as last_seen_at
            from active_subscriptions where data_type = $1 and symbol = $2 and last_seen_at > $3""";

    static final String FLAGS = "select flag_name, enabled, description, metadata, updated_at, updated_by from feature_flags";

    /** $1 provider, $2 now. Instances whose breaker is not closed. */
    static final String OPEN_CIRCUITS = """
            select instance_id, state, open_until, last_error
            from provider_circuit_state
            where provider = $1 and state <> 'closed' and (open_until is null or open_until > $2)
            order by open_until desc nulls first""";

    /** $1 provider. Its pause by an operator, when paused. */
    static final String PROVIDER_PAUSE = "select paused_at, paused_by, reason from provider_pauses where provider = $1";

    /** $1 symbol, $2 timeframes. The aggregation tasks of a source chain. */
    static final String CHAIN_TASKS = """
            select timeframe, status, enabled, last_error from data_agg_state where symbol = $1 and timeframe = any($2)""";

    private ExplainSql() {
    }
}
