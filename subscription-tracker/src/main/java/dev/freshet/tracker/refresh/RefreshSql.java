package dev.freshet.tracker.refresh;

/** Statements the tracker runs on the hot queue besides the shared enqueue. */
public final class RefreshSql {

    /**
     * Live viewers and the queued job (if any) of many symbols of one data type.
     * $1 data type, $2 symbols, $3 live since. Returns symbol, viewers, job_status (null when none).
     */
    public static final String VIEWERS_AND_JOBS = """
            select s.symbol,
                   (select count(*) from active_subscriptions a
                     where a.data_type = $1 and a.symbol = s.symbol and a.last_seen_at > $3)::int as viewers,
                   j.status as job_status
            from unnest($2::text[]) as s(symbol)
            left join refresh_jobs j on j.data_type = $1 and j.symbol = s.symbol""";

    private RefreshSql() {
    }
}
