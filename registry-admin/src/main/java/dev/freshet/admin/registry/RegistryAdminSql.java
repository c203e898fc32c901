package dev.freshet.admin.registry;

import dev.freshet.shared.registry.RegistrySql;

/**
 * Registry changes. Each writes its audit row in the same statement, so a change and its record
 * commit or fail together; the table's trigger announces the change (NOTIFY freshet_config).
 */
final class RegistryAdminSql {

    /**
     * The 21 writable columns, bound as $1..$21 in this order. The rollout state is set here only when a
     * data type is created (default off); afterwards it changes through the rollout API's transitions.
     */
    static final String WRITABLE = """
            data_type, display_name, provider, handler, handler_config, table_name, timestamp_column,
            symbol_column, key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority,
            tier, warn_after_seconds, error_after_seconds, estimated_bytes, source_timestamp_column,
            max_attempts, rollout_state""";

    /** $1..$21 writable columns ($21 null: off), $22 actor. No row when the data type already exists. */
    static final String INSERT = """
            with ins as (
                insert into data_type_registry (""" + WRITABLE + """
            , created_by, updated_by)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                        $20, coalesce($21, 'off'), $22, $22)
                on conflict (data_type) do nothing
                returning *
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $22, 'registry', data_type, 'create', null, to_jsonb(ins) from ins
            )
            select\s""" + RegistrySql.COLUMNS + " from ins";

    /**
     * $1..$21 writable columns ($1 names the row; $21 the rollout state, which must be the current one
     * or null), $22 actor, $23 expected version. Always one row when the data type exists:
     * {@code current_version}, {@code current_state}, and the updated columns (null data_type when the
     * version or the state did not match). No row when it does not exist.
     */
    static final String UPDATE = """
            with cur as (
                select * from data_type_registry where data_type = $1 for update
            ), upd as (
                update data_type_registry r
                   set display_name = $2, provider = $3, handler = $4, handler_config = $5, table_name = $6,
                       timestamp_column = $7, symbol_column = $8, key_columns = $9, scope = $10, ttl_seconds = $11,
                       refresh_mode = $12, schedule_interval_seconds = $13, priority = $14, tier = $15,
                       warn_after_seconds = $16, error_after_seconds = $17, estimated_bytes = $18,
                       source_timestamp_column = $19, max_attempts = $20,
                       version = r.version + 1, updated_at = now(), updated_by = $22
                  from cur
                 where r.data_type = cur.data_type and cur.version = $23
                   and ($21::text is null or cur.rollout_state = $21)
                returning r.*
            ), moved as (
                -- queued jobs follow their data type to its new provider: their calls go there, so must their budget, and
                -- the claim walks each provider's jobs by the provider they carry; a running job settles where it reserved
                update refresh_jobs j set provider = u.provider
                  from upd u
                 where j.data_type = u.data_type and j.status = 'pending' and j.provider <> u.provider
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $22, 'registry', u.data_type, 'update', to_jsonb(c), to_jsonb(u) from upd u cross join cur c
            )
            select cur.version as current_version, cur.rollout_state as current_state, upd.* from cur left join upd on true""";

    /** $1 data type. Locks the row for a delete. */
    static final String LOCK = "select *, to_jsonb(r) as row_json from data_type_registry r where data_type = $1 for update";

    /** $1 data type. */
    static final String QUEUED_JOBS = "select count(*) as jobs from refresh_jobs where data_type = $1";

    /** $1 data type. Jobs of a deleted data type; moved to history by the shared archive statement. */
    static final String JOB_IDS = "select array_agg(job_id) as ids from refresh_jobs where data_type = $1";

    /** $1 data type. Presence on a data type that no longer exists means nothing. */
    static final String DELETE_PRESENCE = "delete from active_subscriptions where data_type = $1";

    /** $1 data type, $2 actor, $3 before (json), $4 jobs cancelled. */
    static final String DELETE = """
            with del as (
                delete from data_type_registry where data_type = $1 returning data_type
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $2, 'registry', data_type, 'delete', $3, jsonb_build_object('cancelledJobs', $4::int) from del
            )
            select count(*) as deleted from del""";

    /** $1 provider. */
    static final String PROVIDER_EXISTS = "select exists (select 1 from provider_quotas where provider = $1) as known";

    private RegistryAdminSql() {
    }
}
