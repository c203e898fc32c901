-- Rollout state per data type: off -> shadow -> live, and paused. One concept replaces two: the
-- registry's `enabled` switch and its `write_mode` (live or shadow). It is a column of the registry
-- row, not a table of its own, because it is read wherever the row is read (every service's
-- in-memory registry, the claim, the aggregation functions), is reloaded on every replica by the
-- registry's existing NOTIFY trigger, and is versioned and audited with the row.
--   off     nothing is fetched or queued; viewers are answered `disabled` (the old system owns the data)
--   shadow  fetched and compared: results go to shadow_writes, the live table is left alone
--   live    fetched and written to the live table
--   paused  like off for viewers and the checker, but queued jobs stay queued, unclaimed, until resumed
alter table data_type_registry
    add column rollout_state text not null default 'live'
        check (rollout_state in ('off', 'shadow', 'live', 'paused'));

update data_type_registry
   set rollout_state = case when not enabled then 'off' when write_mode = 'shadow' then 'shadow' else 'live' end;

alter table data_type_registry drop column write_mode;
alter table data_type_registry drop column enabled;
-- Kept, derived and read-only, for the SQL that only asks "is this data type being refreshed" (the
-- aggregation functions, reports): it can no longer disagree with the rollout state.
alter table data_type_registry
    add column enabled boolean generated always as (rollout_state in ('shadow', 'live')) stored;

-- The shadow records of a pair judge its freshness while in shadow (newest recorded_at per symbol),
-- and a comparison reads one data type over a window.
create index shadow_writes_pair_idx on shadow_writes (data_type, symbol, recorded_at desc);
-- A row the live table holds that a shadow refresh did not return: new_row null.
alter table shadow_writes alter column new_row drop not null;
-- Retention prunes by age across data types.
create index shadow_writes_recorded_idx on shadow_writes (recorded_at);
