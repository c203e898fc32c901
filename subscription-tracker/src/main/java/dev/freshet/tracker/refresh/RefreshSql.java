package dev.freshet.tracker.refresh;

/** Statements the tracker runs on the hot queue besides the shared enqueue. */
public final class RefreshSql {

    /**
     * Live viewers and the queued job (if any) of many symbols of one data type, as a client visits
     * them: the client counts as a viewer whether or not its presence is written yet (it is written
     * after the refreshes are decided). $1 data type, $2 symbols, $3 live since, $4 the visiting client.
     * Returns symbol, viewers, job_status (null when none).
     */
    public static final String VIEWERS_AND_JOBS = """
            select s.symbol,
                   1 + (select count(*) from active_subscriptions a
                         where a.data_type = $1 and a.symbol = s.symbol and a.last_seen_at > $3
                           and a.client_id <> $4)::int as viewers,
                   j.status as job_status
            from unnest($2::text[]) as s(symbol)
            left join refresh_jobs j on j.data_type = $1 and j.symbol = s.symbol""";

    private RefreshSql() {
    }
}
