package dev.freshet.admin.flags;

/** Flag statements; the table's trigger announces every change (NOTIFY freshet_config). */
final class FlagSql {

    static final String COLUMNS = "flag_name, enabled, description, metadata, updated_at, updated_by";

    static final String LIST = "select " + COLUMNS + " from feature_flags order by flag_name";

    /** $1 flag name. */
    static final String GET = "select " + COLUMNS + " from feature_flags where flag_name = $1";

    /**
     * Creates or changes a flag and audits it in one statement. A description or metadata left out
     * keeps its current value. $1 name, $2 enabled, $3 description, $4 metadata, $5 actor.
     */
    static final String SET = """
            with cur as (
                select * from feature_flags where flag_name = $1 for update
            ), up as (
                insert into feature_flags as f (flag_name, enabled, description, metadata, updated_at, updated_by)
                values ($1, $2, coalesce($3::text, (select description from cur), ''),
                        coalesce($4::jsonb, (select metadata from cur), '{}'::jsonb), now(), $5)
                on conflict (flag_name) do update
                   set enabled = excluded.enabled, description = excluded.description, metadata = excluded.metadata,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by
                returning f.*
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $5, 'flag', up.flag_name, case when exists (select 1 from cur) then 'update' else 'create' end,
                       (select to_jsonb(cur) from cur), to_jsonb(up)
                from up
            )
            select\s""" + COLUMNS + " from up";

    /** $1 data types. The ones that exist. */
    static final String KNOWN_DATA_TYPES = "select data_type from data_type_registry where data_type = any($1::text[])";

    private FlagSql() {
    }
}
