-- Least privilege: one database role per service, and what each may do on every table, in one place.
--
-- freshet_tracker, freshet_processor, freshet_checker and freshet_admin are NOLOGIN groups. A deployment
-- creates one login user per service and makes it a member of its group (credentials never live in a
-- migration); the chart, the compose file and ./freshet up do so. Migrations run as the migration role,
-- which owns every object and is a member of none of the groups. Creating the groups needs CREATEROLE
-- once; where a DBA created them beforehand, nothing is created here. Roles are cluster-wide: databases
-- of one PostgreSQL cluster share the groups (each database still holds its own grants).
do $$
declare
    r text;
begin
    foreach r in array array['freshet_tracker', 'freshet_processor', 'freshet_checker', 'freshet_admin'] loop
        if not exists (select 1 from pg_roles where rolname = r) then
            begin
                execute format('create role %I nologin', r);
            exception when duplicate_object or unique_violation then
                null; -- a migration of another database on this cluster created it meanwhile
            end;
        end if;
    end loop;
end $$;

-- The grant decision of every table, for each service role: SQL privileges as GRANT takes them
-- ('select, insert', column lists allowed), or '' for none. freshet_apply_grants() makes the database
-- match it (revoking anything else), so this table is the whole truth; a migration adding a table
-- adds its row and calls freshet_apply_grants(). ServiceGrantsTest fails for a table without a row.
-- The row '(registry targets)' is the rule for the tables data types write into (data_type_registry.table_name):
-- the operator's tables, granted when a data type first names them (freshet_grant_registry_target).
create table freshet_table_grants (
    table_name text primary key,
    tracker    text not null,
    processor  text not null,
    checker    text not null,
    admin      text not null
);

insert into freshet_table_grants (table_name, tracker, processor, checker, admin) values
--   table                          tracker                   processor                          checker                            admin
    ('(registry targets)',          'select',                 'select, insert, update, delete',  'select',                          'select'),
    ('flyway_schema_history',       'select',                 'select',                          'select',                          'select'),
    ('freshet_table_grants',        '',                       '',                                '',                                'select'),
    ('data_type_registry',          'select',                 'select, update (estimated_bytes)', 'select',                         'select, insert, update, delete'),
    ('feature_flags',               'select',                 'select',                          'select',                          'select, insert, update, delete'),
    ('provider_quotas',             'select',                 'select',                          'select',                          'select, insert, update, delete'),
    ('provider_circuit_state',      '',                       'select, insert, update',          '',                                'select'),
    ('api_usage',                   '',                       'select, insert, update',          'select, insert, update',          'select'),
    ('refresh_jobs',                'select, insert, update', 'select, insert, update, delete',  'select, insert, update, delete',  'select, insert, update, delete'),
    ('refresh_job_history',         '',                       'select, insert',                  'select, insert',                  'select, insert, delete'),
    ('refresh_job_history_default', '',                       '',                                'select, delete',                  ''),
    ('active_subscriptions',        'select, insert, update, delete', '',                        'select, delete',                  'select, delete'),
    ('subscription_analytics',      '',                       '',                                'select, insert, update, delete',  'select'),
    ('scheduler_execution_log',     '',                       '',                                'select, insert, update, delete',  'select'),
    ('scheduled_scan_cursor',       '',                       '',                                'select, insert, update',          'select'),
    ('data_freshness',              '',                       '',                                'select, insert, update, delete',  'select'),
    ('audit_log',                   '',                       '',                                '',                                'select, insert'),
    ('admin_local_users',           '',                       '',                                '',                                'select, insert, update, delete'),
    ('shadow_writes',               '',                       'select, insert',                  '',                                'select'),
    ('data_agg_state',              '',                       'select',                          'select',                          'select, update'),
    ('data_agg_invalidation',       '',                       'select, insert, update',          '',                                'select');

-- Makes one table's privileges for the four roles what a decision row says.
create function freshet_apply_table_grants(p_table text, p_decision freshet_table_grants) returns void
language plpgsql set search_path from current as $$
declare
    grants text[] := array[p_decision.tracker, p_decision.processor, p_decision.checker, p_decision.admin];
    roles  text[] := array['freshet_tracker', 'freshet_processor', 'freshet_checker', 'freshet_admin'];
begin
    for i in 1 .. 4 loop
        execute format('revoke all on table %I from %I', p_table, roles[i]);
        if grants[i] <> '' then
            execute format('grant %s on table %I to %I', grants[i], p_table, roles[i]);
        end if;
    end loop;
end $$;

-- Makes every table's privileges what freshet_table_grants says, the registry's targets included.
create function freshet_apply_grants() returns void
language plpgsql set search_path from current as $$
declare
    d freshet_table_grants;
    target text;
begin
    for d in select * from freshet_table_grants where table_name <> '(registry targets)' loop
        if to_regclass(quote_ident(d.table_name)) is not null then
            perform freshet_apply_table_grants(d.table_name, d);
        end if;
    end loop;
    for target in select distinct table_name from data_type_registry loop
        perform freshet_grant_registry_target(target);
    end loop;
end $$;

-- Grants the registry-target rule on a table a data type names: runs as the migration role, so the
-- operator creates target tables as that role (or grants it those tables WITH GRANT OPTION). Freshet's
-- own tables never get it: they have their own row (the admin also refuses them as targets).
create function freshet_grant_registry_target(p_table text) returns void
language plpgsql security definer set search_path from current as $$
declare
    d freshet_table_grants;
begin
    if to_regclass(quote_ident(p_table)) is null
       or exists (select 1 from freshet_table_grants where table_name = p_table) then
        return;
    end if;
    select * into d from freshet_table_grants where table_name = '(registry targets)';
    perform freshet_apply_table_grants(p_table, d);
    if not has_table_privilege('freshet_processor', quote_ident(p_table), 'insert') then
        raise warning 'freshet: could not grant the data type target % to the service roles; create it as the migration role', p_table;
    end if;
end $$;

create function freshet_registry_target_granted() returns trigger
language plpgsql security definer set search_path from current as $$
begin
    perform freshet_grant_registry_target(new.table_name);
    return null;
end $$;

create trigger data_type_registry_grant_target after insert or update of table_name on data_type_registry
    for each row execute function freshet_registry_target_granted();

-- The history partitions are created and dropped by the checker's maintenance task: as definer (the
-- owner of refresh_job_history), since attaching a partition takes the owner of the partitioned table.
alter function freshet_ensure_history_partitions(date, integer) security definer set search_path from current;
alter function freshet_drop_history_partitions(date) security definer set search_path from current;

-- SECURITY DEFINER functions run with the owner's rights: only the roles that call them may.
revoke execute on function freshet_ensure_history_partitions(date, integer) from public;
revoke execute on function freshet_drop_history_partitions(date) from public;
grant execute on function freshet_ensure_history_partitions(date, integer) to freshet_checker;
grant execute on function freshet_drop_history_partitions(date) to freshet_checker;

revoke execute on function freshet_grant_registry_target(text) from public;
revoke execute on function freshet_registry_target_granted() from public;
revoke execute on function freshet_apply_grants() from public;
revoke execute on function freshet_apply_table_grants(text, freshet_table_grants) from public;

revoke execute on function agg_bootstrap_cursor(text, text) from public;
revoke execute on function catchup_aggregation_range(text, text, integer, timestamptz) from public;
revoke execute on function agg_finish(text, text, boolean, timestamptz, text, timestamptz, timestamptz, integer) from public;
revoke execute on function agg_get_due_tasks(text, timestamptz, integer, integer) from public;
revoke execute on function sync_agg_state_from_registry(timestamptz) from public;
-- the processor's aggregate-bars handler catches up and finishes; the checker syncs tasks from the registry and
-- claims the due ones (agg_bootstrap_cursor is only called by catchup_aggregation_range, as its definer)
grant execute on function catchup_aggregation_range(text, text, integer, timestamptz) to freshet_processor;
grant execute on function agg_finish(text, text, boolean, timestamptz, text, timestamptz, timestamptz, integer) to freshet_processor;
grant execute on function sync_agg_state_from_registry(timestamptz) to freshet_checker;
grant execute on function agg_get_due_tasks(text, timestamptz, integer, integer) to freshet_checker;

select freshet_apply_grants();
