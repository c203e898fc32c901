-- A task whose aggregate-bars job is still in refresh_jobs (pending, or processing: the processor
-- finishes a job in history only after the handler's own catch-up transaction committed, and after
-- the rest of its claim batch) is not claimed again. Before, such a task could be claimed between
-- the handler's agg_finish (idle, due at once when more windows remain) and the job's completion:
-- agg_get_due_tasks turned it 'running', the enqueue met the old job (on conflict do nothing) and
-- queued nothing, and the task then sat 'running' without a job until stale-running-after (15 min
-- by default) had passed. Observed with the benchmark's catch-up of a year of bars: every task,
-- every round. Same signature and results otherwise; V50's rollback script still drops it.
create or replace function agg_get_due_tasks(p_instance text, p_now timestamptz, p_limit integer, p_stale_after_seconds integer)
    returns table (symbol text, timeframe text, task_priority integer, is_mandatory boolean, data_type text)
    language sql security definer set search_path from current as $$
    with enabled_types as (
        select distinct on (r.handler_config ->> 'timeframe') r.handler_config ->> 'timeframe' as timeframe, r.data_type
          from data_type_registry r
         where r.handler = 'aggregate-bars' and r.enabled
         order by r.handler_config ->> 'timeframe', r.data_type
    ), due as (
        select s.symbol, s.timeframe
          from data_agg_state s
         where s.enabled
           and s.timeframe in (select e.timeframe from enabled_types e)
           and ((s.status = 'idle' and s.next_run_at_utc <= p_now)
                or (s.status = 'running' and s.running_since_utc < p_now - make_interval(secs => p_stale_after_seconds)))
           and not exists (select 1 from refresh_jobs j join enabled_types e on e.data_type = j.data_type
                            where e.timeframe = s.timeframe and j.symbol = s.symbol)
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
