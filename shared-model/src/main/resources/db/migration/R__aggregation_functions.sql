-- The bar aggregation's functions as they are now (first created by V50, agg_get_due_tasks changed by
-- V70, then made event-driven here). Flyway runs this file after the versioned migrations whenever
-- its content changes, so a change to a function is an edit here (a diff), not a new copy of the
-- function in a new migration.
-- Every statement is "create or replace" with the same signature and result type as before: a
-- change of signature or result type needs a versioned migration that drops the old function first.
-- The table, trigger and index definitions stay in V50; V50's rollback script drops these functions.

-- '5m' -> 5 minutes, '1h' -> 1 hour, '1d' -> 1 day; null for anything else.
create or replace function agg_timeframe_interval(p_timeframe text) returns interval
    language sql immutable strict parallel safe as $$
    select case
        when p_timeframe ~ '^[1-9][0-9]{0,3}m$' then make_interval(mins => rtrim(p_timeframe, 'm')::int)
        when p_timeframe ~ '^[1-9][0-9]{0,2}h$' then make_interval(hours => rtrim(p_timeframe, 'h')::int)
        when p_timeframe ~ '^[1-9][0-9]{0,1}d$' then make_interval(days => rtrim(p_timeframe, 'd')::int)
    end
$$;

-- The timeframe a derived timeframe is built from (registry handler_config.source), '1m' by default.
create or replace function agg_source_timeframe(p_timeframe text) returns text
    language sql stable as $$
    select coalesce((select r.handler_config ->> 'source'
                       from data_type_registry r
                      where r.handler = 'aggregate-bars' and r.handler_config ->> 'timeframe' = p_timeframe
                      order by r.enabled desc, r.data_type
                      limit 1), '1m')
$$;

-- The one set-based upsert of a catch-up: every window of [p_from, p_to) that has source bars,
-- from data_bars (source '1m') or from a lower derived timeframe. Rewrites only windows whose values
-- changed (so repeating a run writes nothing) and revives soft-deleted ones. Returns rows written.
create or replace function agg_upsert_windows(p_symbol text, p_timeframe text, p_source text, p_step interval,
                                   p_from timestamptz, p_to timestamptz, p_now timestamptz) returns integer
    language plpgsql as $$
declare
    v_origin constant timestamptz := timestamptz '1970-01-01 00:00:00+00';
    v_expected numeric := extract(epoch from p_step) / 60;
    v_written  integer;
begin
    if p_source = '1m' then
        insert into derived_data_bars as d
            (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count, quality_score, deleted_at, refreshed_at)
        select p_symbol, p_timeframe, date_bin(p_step, b.ts_utc, v_origin),
               (array_agg(b.open order by b.ts_utc))[1], max(b.high), min(b.low),
               (array_agg(b.close order by b.ts_utc desc))[1], sum(b.volume),
               count(*), least(1, round(count(*) / v_expected, 4)), null, p_now
          from data_bars b
         where b.symbol = p_symbol and b.timeframe = '1m' and b.ts_utc >= p_from and b.ts_utc < p_to
         group by 3
        on conflict (symbol, timeframe, ts_utc) do update
           set open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
               volume = excluded.volume, source_bar_count = excluded.source_bar_count,
               quality_score = excluded.quality_score, deleted_at = null, refreshed_at = excluded.refreshed_at
         where (d.open, d.high, d.low, d.close, d.volume, d.source_bar_count, d.deleted_at)
               is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume,
                                 excluded.source_bar_count, null::timestamptz);
    else
        -- built from a lower derived timeframe: exact for open/high/low/close/volume, and the source
        -- bar count stays a count of 1-minute bars
        insert into derived_data_bars as d
            (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count, quality_score, deleted_at, refreshed_at)
        select p_symbol, p_timeframe, date_bin(p_step, b.ts_utc, v_origin),
               (array_agg(b.open order by b.ts_utc))[1], max(b.high), min(b.low),
               (array_agg(b.close order by b.ts_utc desc))[1], sum(b.volume),
               sum(b.source_bar_count), least(1, round(sum(b.source_bar_count) / v_expected, 4)), null, p_now
          from derived_data_bars b
         where b.symbol = p_symbol and b.timeframe = p_source and b.deleted_at is null
           and b.ts_utc >= p_from and b.ts_utc < p_to
         group by 3
        on conflict (symbol, timeframe, ts_utc) do update
           set open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
               volume = excluded.volume, source_bar_count = excluded.source_bar_count,
               quality_score = excluded.quality_score, deleted_at = null, refreshed_at = excluded.refreshed_at
         where (d.open, d.high, d.low, d.close, d.volume, d.source_bar_count, d.deleted_at)
               is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume,
                                 excluded.source_bar_count, null::timestamptz);
    end if;
    get diagnostics v_written = row_count;
    return v_written;
end $$;

-- The first window boundary at or after p_at.
create or replace function agg_ceil_boundary(p_step interval, p_at timestamptz) returns timestamptz
    language sql immutable strict parallel safe as $$
    select case when b < p_at then b + p_step else b end
      from (select date_bin(p_step, p_at, timestamptz '1970-01-01 00:00:00+00') as b) x
$$;

-- Sets the cursor of a task that has none: the first window boundary at or after both the task's
-- start time and the symbol's first 1-minute bar. Returns the cursor (null while the symbol has no bar).
create or replace function agg_bootstrap_cursor(p_symbol text, p_timeframe text) returns timestamptz
    language plpgsql security definer set search_path from current as $$
declare
    v_step   interval := agg_timeframe_interval(p_timeframe);
    v_state  data_agg_state%rowtype;
    v_first  timestamptz;
    v_cursor timestamptz;
begin
    select * into v_state from data_agg_state where symbol = p_symbol and timeframe = p_timeframe for update;
    if not found or v_step is null then
        return null;
    end if;
    if v_state.last_agg_bar_ts_utc is not null then
        return v_state.last_agg_bar_ts_utc;
    end if;
    select min(ts_utc) into v_first from data_bars where symbol = p_symbol and timeframe = '1m';
    if v_first is null then
        return null;
    end if;
    v_cursor := agg_ceil_boundary(v_step, greatest(v_state.agg_start_utc, v_first));
    update data_agg_state set last_agg_bar_ts_utc = v_cursor, updated_at = now()
     where symbol = p_symbol and timeframe = p_timeframe;
    return v_cursor;
end $$;

-- Catches one task up: aggregates, in one upsert, (a) the complete windows after the cursor, at most
-- p_max_windows of them, and (b) the windows holding late or corrected source bars noted behind the
-- cursor. A window is complete once p_now has passed its end and the source reaches its end (the
-- latest 1-minute bar lies in its last minute or later; a derived source's cursor is at or past it).
-- Windows with no source bar write nothing; re-aggregated windows that lost all their source bars are
-- soft-deleted. Idempotent: a run over unchanged source rewrites nothing. Leaves the cursor alone:
-- agg_finish moves it, in the same transaction.
-- outcome: 'ok', 'missing' (no task), 'disabled', 'hard_failed', 'no_source' (no bar yet).
create or replace function catchup_aggregation_range(p_symbol text, p_timeframe text, p_max_windows integer, p_now timestamptz)
    returns table (outcome text, cursor_from timestamptz, cursor_to timestamptz, windows_written integer,
                   windows_reaggregated integer, windows_deleted integer, more_due boolean)
    language plpgsql security definer set search_path from current as $$
declare
    v_origin constant timestamptz := timestamptz '1970-01-01 00:00:00+00';
    v_step     interval := agg_timeframe_interval(p_timeframe);
    v_source   text := agg_source_timeframe(p_timeframe);
    v_src_step interval := agg_timeframe_interval(agg_source_timeframe(p_timeframe));
    v_state    data_agg_state%rowtype;
    v_cursor   timestamptz;
    v_reach    timestamptz;
    v_limit    timestamptz;
    v_to       timestamptz;
    v_re_from  timestamptz;
    v_re_to    timestamptz;
    v_written  integer := 0;
    v_deleted  integer := 0;
    v_re_count integer := 0;
begin
    if v_step is null or v_src_step is null or v_src_step >= v_step then
        raise exception 'timeframe % cannot be built from %', p_timeframe, v_source using errcode = '22023';
    end if;
    select * into v_state from data_agg_state where symbol = p_symbol and timeframe = p_timeframe for update;
    if not found then
        return query select 'missing'::text, null::timestamptz, null::timestamptz, 0, 0, 0, false;
        return;
    elsif v_state.status = 'hard_failed' then
        return query select 'hard_failed'::text, v_state.last_agg_bar_ts_utc, v_state.last_agg_bar_ts_utc, 0, 0, 0, false;
        return;
    elsif not v_state.enabled then
        return query select 'disabled'::text, v_state.last_agg_bar_ts_utc, v_state.last_agg_bar_ts_utc, 0, 0, 0, false;
        return;
    end if;
    v_cursor := agg_bootstrap_cursor(p_symbol, p_timeframe);
    if v_cursor is null then
        return query select 'no_source'::text, null::timestamptz, null::timestamptz, 0, 0, 0, false;
        return;
    end if;

    if v_source = '1m' then
        select max(ts_utc) + interval '1 minute' into v_reach from data_bars where symbol = p_symbol and timeframe = '1m';
    else
        select last_agg_bar_ts_utc into v_reach from data_agg_state where symbol = p_symbol and timeframe = v_source;
    end if;
    v_limit := date_bin(v_step, least(p_now, coalesce(v_reach, v_cursor)), v_origin);
    v_to := greatest(v_cursor, least(v_limit, v_cursor + v_step * p_max_windows));

    delete from data_agg_invalidation i where i.symbol = p_symbol and i.timeframe = p_timeframe
        returning date_bin(v_step, i.from_utc, v_origin), least(date_bin(v_step, i.to_utc, v_origin) + v_step, v_cursor)
        into v_re_from, v_re_to;
    -- never before the task's own start
    if v_re_from is not null then
        v_re_from := greatest(v_re_from, agg_ceil_boundary(v_step, v_state.agg_start_utc));
    end if;
    if v_re_from is not null and v_re_from >= v_re_to then
        v_re_from := null;
    end if;
    if v_re_from is not null then
        v_re_count := (extract(epoch from v_re_to - v_re_from) / extract(epoch from v_step))::integer;
    end if;

    if v_to > v_cursor then
        v_written := agg_upsert_windows(p_symbol, p_timeframe, v_source, v_step, v_cursor, v_to, p_now);
    end if;
    if v_re_from is not null then
        v_written := v_written + agg_upsert_windows(p_symbol, p_timeframe, v_source, v_step, v_re_from, v_re_to, p_now);
            -- re-aggregated windows whose source bars are all gone
            update derived_data_bars d set deleted_at = p_now, refreshed_at = p_now
             where d.symbol = p_symbol and d.timeframe = p_timeframe and d.deleted_at is null
               and d.ts_utc >= v_re_from and d.ts_utc < v_re_to
               and not exists (select 1 from data_bars b
                                where v_source = '1m' and b.symbol = p_symbol and b.timeframe = '1m'
                                  and b.ts_utc >= d.ts_utc and b.ts_utc < d.ts_utc + v_step)
               and not exists (select 1 from derived_data_bars s
                                where v_source <> '1m' and s.symbol = p_symbol and s.timeframe = v_source
                                  and s.deleted_at is null and s.ts_utc >= d.ts_utc and s.ts_utc < d.ts_utc + v_step);
            get diagnostics v_deleted = row_count;
            -- timeframes built on this one see the same windows change
            insert into data_agg_invalidation as i (symbol, timeframe, from_utc, to_utc, noted_at)
            select s.symbol, s.timeframe, v_re_from, v_re_to - interval '1 minute', p_now
              from data_agg_state s
             where s.symbol = p_symbol and s.timeframe <> p_timeframe
               and agg_source_timeframe(s.timeframe) = p_timeframe
               and s.last_agg_bar_ts_utc > v_re_from
            on conflict (symbol, timeframe) do update
               set from_utc = least(i.from_utc, excluded.from_utc), to_utc = greatest(i.to_utc, excluded.to_utc),
                   noted_at = excluded.noted_at;
    end if;

    return query select 'ok'::text, v_cursor, v_to, v_written, v_re_count, v_deleted, v_to < v_limit;
end $$;

-- Ends a run of a task. Success moves the cursor (never backwards), resets the failure streak and
-- schedules the next run; failure keeps the cursor, increments the streak and records the error,
-- turning the task hard_failed once the streak reaches p_threshold (until an operator resets it).
-- Returns the task's status afterwards (null when there is no such task).
create or replace function agg_finish(p_symbol text, p_timeframe text, p_success boolean, p_cursor timestamptz,
                           p_error text, p_now timestamptz, p_next_run timestamptz, p_threshold integer)
    returns text
    language sql security definer set search_path from current as $$
    update data_agg_state s
       set last_agg_bar_ts_utc = case when p_success then greatest(s.last_agg_bar_ts_utc, p_cursor)
                                      else s.last_agg_bar_ts_utc end,
           hard_fail_streak = case when p_success then 0 else s.hard_fail_streak + 1 end,
           status = case when not p_success and s.hard_fail_streak + 1 >= p_threshold then 'hard_failed'
                         else 'idle' end,
           last_error = case when p_success then null else left(p_error, 2000) end,
           last_successful_at_utc = case when p_success then p_now else s.last_successful_at_utc end,
           next_run_at_utc = p_next_run,
           running_since_utc = null,
           claimed_by = null,
           updated_at = p_now
     where s.symbol = p_symbol and s.timeframe = p_timeframe
    returning s.status
$$;

-- Claims the due tasks of enabled timeframes by priority; a task whose aggregate-bars job is still
-- queued or running is not claimed again (V70). A task is due at its scheduled time, and at once
-- when there is work for it: late or corrected source bars noted behind its cursor, or its source
-- reaching past a whole window after its cursor (the 1-minute bars for a timeframe built on them,
-- the source task's cursor for one built on a derived timeframe). So a cursor that advances makes
-- the next timeframe up due without waiting for its schedule, which stays the fallback; a run
-- always consumes what made it due (the invalidation, the complete windows), so nothing repeats.
-- The cost per call is one index probe per idle task (the source's reach).
create or replace function agg_get_due_tasks(p_instance text, p_now timestamptz, p_limit integer, p_stale_after_seconds integer)
    returns table (symbol text, timeframe text, task_priority integer, is_mandatory boolean, data_type text)
    language sql security definer set search_path from current as $$
    with enabled_types as (
        select distinct on (r.handler_config ->> 'timeframe') r.handler_config ->> 'timeframe' as timeframe, r.data_type,
               coalesce(r.handler_config ->> 'source', '1m') as source
          from data_type_registry r
         where r.handler = 'aggregate-bars' and r.enabled
         order by r.handler_config ->> 'timeframe', r.data_type
    ), due as (
        select s.symbol, s.timeframe
          from data_agg_state s
          join enabled_types e on e.timeframe = s.timeframe
          left join lateral (
                select case when e.source = '1m'
                            then (select max(b.ts_utc) + interval '1 minute' from data_bars b
                                   where b.symbol = s.symbol and b.timeframe = '1m')
                            else (select src.last_agg_bar_ts_utc from data_agg_state src
                                   where src.symbol = s.symbol and src.timeframe = e.source)
                       end as reach) source on true
         where s.enabled
           and ((s.status = 'idle'
                 and (s.next_run_at_utc <= p_now
                      or exists (select 1 from data_agg_invalidation i
                                  where i.symbol = s.symbol and i.timeframe = s.timeframe)
                      or source.reach is not null and least(p_now, source.reach)
                         >= coalesce(s.last_agg_bar_ts_utc + agg_timeframe_interval(s.timeframe), '-infinity')))
                or (s.status = 'running' and s.running_since_utc < p_now - make_interval(secs => p_stale_after_seconds)))
           and not exists (select 1 from refresh_jobs j
                            where j.data_type = e.data_type and j.symbol = s.symbol)
         order by s.task_priority desc, s.next_run_at_utc, s.symbol, s.timeframe
         limit p_limit
           for update of s skip locked
    )
    update data_agg_state s
       set status = 'running', running_since_utc = p_now, claimed_by = p_instance, updated_at = p_now
      from due, enabled_types e
     where s.symbol = due.symbol and s.timeframe = due.timeframe and e.timeframe = s.timeframe
    returning s.symbol, s.timeframe, s.task_priority, s.is_mandatory, e.data_type
$$;

-- Creates the missing tasks of the given symbols x every derived timeframe of the registry, starting
-- at p_start; returns how many it created. The one way tasks come to be: the registry sync for all
-- symbols, and the processor for the symbols whose 1-minute bars it has just written (so their chain
-- starts without waiting for the sync).
create or replace function agg_create_tasks(p_symbols text[], p_start timestamptz) returns integer
    language sql security definer set search_path from current as $$
    with created as (
        insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc, updated_at)
        select y.symbol, t.timeframe, p_start, now(), now()
          from unnest(p_symbols) y(symbol)
         cross join (select distinct r.handler_config ->> 'timeframe' as timeframe
                       from data_type_registry r
                      where r.handler = 'aggregate-bars'
                        and agg_timeframe_interval(r.handler_config ->> 'timeframe') is not null) t
        on conflict do nothing
        returning 1
    )
    select count(*)::integer from created
$$;
-- the processor creates the tasks of symbols whose 1-minute bars it writes; the checker's sync calls it as its definer
revoke execute on function agg_create_tasks(text[], timestamptz) from public;
grant execute on function agg_create_tasks(text[], timestamptz) to freshet_processor;

-- Creates the missing tasks: every symbol with 1-minute bars x every derived timeframe of the
-- registry, starting at p_start. Symbols are found by a skip scan of the primary key, so the cost
-- grows with the number of symbols, not of bars. Returns the counts.
create or replace function sync_agg_state_from_registry(p_start timestamptz)
    returns table (success boolean, symbols integer, timeframes integer, tasks_created integer, tasks_total integer)
    language plpgsql security definer set search_path from current as $$
declare
    v_symbols    integer;
    v_timeframes integer;
    v_created    integer;
    v_list       text[];
begin
    with recursive s(symbol) as (
        (select b.symbol from data_bars b where b.timeframe = '1m' order by b.symbol limit 1)
        union all
        select (select b.symbol from data_bars b where b.symbol > s.symbol and b.timeframe = '1m'
                 order by b.symbol limit 1)
          from s where s.symbol is not null
    ), syms as (
        select s.symbol from s where s.symbol is not null
    )
    select count(*), array_agg(syms.symbol) into v_symbols, v_list from syms;
    select count(distinct r.handler_config ->> 'timeframe') into v_timeframes
      from data_type_registry r
     where r.handler = 'aggregate-bars' and agg_timeframe_interval(r.handler_config ->> 'timeframe') is not null;
    v_created := coalesce(agg_create_tasks(v_list, p_start), 0);

    return query select true, v_symbols, v_timeframes, v_created, (select count(*)::integer from data_agg_state);
end $$;

-- Notes 1-minute bars inserted, corrected or deleted behind a task's cursor. Statement-level with
-- transition tables, so a bulk upsert costs one join, not a trigger call per row. An update that
-- leaves the prices and volume as they were (a refetch of the same bars) notes nothing.
create or replace function agg_note_late_bars() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        insert into data_agg_invalidation as i (symbol, timeframe, from_utc, to_utc, noted_at)
        select s.symbol, s.timeframe, min(c.ts_utc), max(c.ts_utc), now()
          from (select n.symbol, n.ts_utc from changed n
                 where not exists (select 1 from gone o
                                    where o.symbol = n.symbol and o.ts_utc = n.ts_utc
                                      and (o.open, o.high, o.low, o.close, o.volume) = (n.open, n.high, n.low, n.close, n.volume))
                union all
                select o.symbol, o.ts_utc from gone o
                 where not exists (select 1 from changed n where n.symbol = o.symbol and n.ts_utc = o.ts_utc)) c
          join data_agg_state s on s.symbol = c.symbol
         where c.ts_utc < s.last_agg_bar_ts_utc
         group by s.symbol, s.timeframe
        on conflict (symbol, timeframe) do update
           set from_utc = least(i.from_utc, excluded.from_utc), to_utc = greatest(i.to_utc, excluded.to_utc),
               noted_at = excluded.noted_at;
    else
        insert into data_agg_invalidation as i (symbol, timeframe, from_utc, to_utc, noted_at)
        select s.symbol, s.timeframe, min(c.ts_utc), max(c.ts_utc), now()
          from changed c
          join data_agg_state s on s.symbol = c.symbol
         where c.ts_utc < s.last_agg_bar_ts_utc
         group by s.symbol, s.timeframe
        on conflict (symbol, timeframe) do update
           set from_utc = least(i.from_utc, excluded.from_utc), to_utc = greatest(i.to_utc, excluded.to_utc),
               noted_at = excluded.noted_at;
    end if;
    return null;
end $$;
