-- Reverts V50__aggregation_redesign.sql: the schema is left as it was before that migration.
-- Derived bars and task rows are kept (they belong to V2's tables); only what V50 added goes.
-- Run by hand (psql -f); the last statement removes V50's row from flyway_schema_history. Works on
-- the shipped head as well as right after V50 (tested from both); on the head, first disable the
-- aggregate-bars data types (the processor and checker call the functions dropped here), and see
-- "Rolling back the bar aggregation" in the shared-model README for restarts and re-applying.
begin;

drop trigger if exists data_bars_late_insert on data_bars;
drop trigger if exists data_bars_late_update on data_bars;
drop trigger if exists data_bars_late_delete on data_bars;
drop function if exists agg_note_late_bars();

drop function if exists sync_agg_state_from_registry(timestamptz);
drop function if exists agg_get_due_tasks(text, timestamptz, integer, integer);
drop function if exists agg_finish(text, text, boolean, timestamptz, text, timestamptz, timestamptz, integer);
drop function if exists catchup_aggregation_range(text, text, integer, timestamptz);
drop function if exists agg_bootstrap_cursor(text, text);
drop function if exists agg_ceil_boundary(interval, timestamptz);
drop function if exists agg_upsert_windows(text, text, text, interval, timestamptz, timestamptz, timestamptz);
drop function if exists agg_source_timeframe(text);
drop function if exists agg_timeframe_interval(text);

drop table if exists data_agg_invalidation;
drop index if exists idx_agg_state_status;
-- a task left running by the dropped claim would never be picked up again
update data_agg_state set status = 'idle', running_since_utc = null where status = 'running';
alter table data_agg_state drop column if exists claimed_by;

delete from flyway_schema_history where version = '50';

commit;
