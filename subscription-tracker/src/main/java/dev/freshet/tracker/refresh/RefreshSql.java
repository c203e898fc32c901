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

    /**
     * Lowers the priority of pending viewer jobs whose viewers left or lapsed, so the boost decays
     * with presence: the viewer priority for the viewers still live, the data type's scheduled
     * priority once none are. Never raises (that is the enqueue's job) and never touches a running
     * job. $1 live since, $2 viewer base priority, $3 max viewer boost, $4 data types and $5 symbols
     * (parallel arrays) to limit it to some pairs, or both null for every job.
     * Returns data_type, symbol, priority, viewer_count of the jobs lowered.
     */
    public static final String DECAY_VIEWER_PRIORITIES = """
            with counted as (
                select j.job_id, r.priority as type_priority,
                       (select count(*) from active_subscriptions a
                         where a.data_type = j.data_type and a.symbol = j.symbol and a.last_seen_at > $1)::int as viewers
                from refresh_jobs j
                join data_type_registry r on r.data_type = j.data_type
                where j.status = 'pending' and j.origin = 'viewer'
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

    private RefreshSql() {
    }
}
