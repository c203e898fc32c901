package dev.freshet.admin.rollout;

import dev.freshet.shared.registry.RegistrySql;

/**
 * Rollout state changes and the shadow comparison. A state change writes its audit row in the
 * statement that makes it; the registry's trigger announces it (NOTIFY freshet_config), so every
 * replica applies it within a second.
 */
final class RolloutSql {

    /** $1 data type. Locks the row for a state change. Columns: rollout_state, version. */
    static final String LOCK = "select rollout_state, version from data_type_registry where data_type = $1 for update";

    /**
     * $1 data type, $2 new state, $3 actor, $4 state before, $5 jobs cancelled by the change. Returns
     * the row as changed ({@link RegistrySql#COLUMNS}).
     */
    static final String SET_STATE = """
            with upd as (
                update data_type_registry r
                   set rollout_state = $2, version = r.version + 1, updated_at = now(), updated_by = $3
                 where r.data_type = $1
                returning r.*
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $3, 'registry', data_type, 'rollout', jsonb_build_object('rolloutState', $4::text),
                       jsonb_build_object('rolloutState', $2::text, 'cancelledJobs', $5::int)
                  from upd
            )
            select\s""" + RegistrySql.COLUMNS + " from upd";

    /** $1 data type. Pending jobs (not running ones) of a data type being switched off. Column: ids. */
    static final String PENDING_JOB_IDS = """
            select coalesce(array_agg(job_id order by job_id), '{}') as ids
            from refresh_jobs where data_type = $1 and status = 'pending'""";

    /**
     * $1 data type, $2 from, $3 until. The shadow records of the window in one pass: refreshes
     * compared, rows compared, matching, differing (both sides present), missing in the live table,
     * missing in the new fetch, first and last record.
     */
    static final String SUMMARY = """
            select count(distinct job_id)::int as refreshes,
                   count(*)::int as rows,
                   count(*) filter (where not differs)::int as matching,
                   count(*) filter (where differs and live_row is not null and new_row is not null)::int as differing,
                   count(*) filter (where live_row is null)::int as missing_in_live,
                   count(*) filter (where new_row is null)::int as missing_in_new,
                   min(recorded_at) as first_at, max(recorded_at) as last_at
            from shadow_writes
            where data_type = $1 and recorded_at >= $2 and recorded_at < $3""";

    /** $1 data type, $2 from, $3 until. Per column, how many rows present on both sides differ in it. */
    static final String DIFFERING_COLUMNS = """
            select k.col as column_name, count(*)::int as rows
            from shadow_writes w
            cross join lateral jsonb_object_keys(w.new_row) as k(col)
            where w.data_type = $1 and w.recorded_at >= $2 and w.recorded_at < $3
              and w.differs and w.live_row is not null and w.new_row is not null
              and (w.new_row -> k.col) is distinct from (w.live_row -> k.col)
            group by k.col
            order by rows desc, column_name""";

    /** $1 data type, $2 from, $3 until, $4 limit. The newest rows that differ or are missing on one side. */
    static final String SAMPLES = """
            select symbol, row_key, live_row, new_row, recorded_at, job_id
            from shadow_writes
            where data_type = $1 and recorded_at >= $2 and recorded_at < $3 and differs
            order by recorded_at desc, shadow_id desc
            limit $4""";

    private RolloutSql() {
    }
}
