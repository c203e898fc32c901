package dev.freshet.admin.aggregation;

/** The operators' statements on aggregation tasks that no other service runs. */
public final class AggregationAdminSql {

    /**
     * Changes a task's settings; a null keeps the value. $1 symbol, $2 timeframe, $3 enabled,
     * $4 task priority, $5 mandatory. Returns the values before and after, or no row for no task.
     */
    public static final String UPDATE_SETTINGS = """
            update data_agg_state s
               set enabled = coalesce($3, s.enabled), task_priority = coalesce($4, s.task_priority),
                   is_mandatory = coalesce($5, s.is_mandatory), updated_at = now()
              from (select symbol, timeframe, enabled, task_priority, is_mandatory from data_agg_state
                     where symbol = $1 and timeframe = $2 for update) prev
             where s.symbol = prev.symbol and s.timeframe = prev.timeframe
            returning prev.enabled as enabled_before, prev.task_priority as priority_before,
                      prev.is_mandatory as mandatory_before, s.enabled, s.task_priority, s.is_mandatory""";

    /**
     * Per timeframe: its tasks (enabled, running, hard-failed), their lag in minutes behind the
     * symbol's latest 1-minute bar (largest and mean, over bootstrapped tasks), and the quality of
     * the bars built since $1: how many, how many complete (quality score 1), the mean score.
     */
    public static final String TIMEFRAMES = """
            with lag as (
                select s.timeframe, count(*) as tasks, count(*) filter (where s.enabled) as enabled_tasks,
                       count(*) filter (where s.status = 'running') as running,
                       count(*) filter (where s.status = 'hard_failed') as hard_failed,
                       round((max(extract(epoch from (l.latest_1m - s.last_agg_bar_ts_utc))) / 60)::numeric, 2) as max_lag_minutes,
                       round((avg(extract(epoch from (l.latest_1m - s.last_agg_bar_ts_utc))) / 60)::numeric, 2) as mean_lag_minutes
                  from data_agg_state s
                  left join lateral (select max(b.ts_utc) as latest_1m from data_bars b
                                      where b.symbol = s.symbol and b.timeframe = '1m') l on true
                 group by s.timeframe
            ), quality as (
                select timeframe, count(*) as bars, count(*) filter (where quality_score = 1) as full_bars,
                       round(avg(quality_score), 4) as mean_quality
                  from derived_data_bars
                 where deleted_at is null and ts_utc >= $1
                 group by timeframe
            )
            select coalesce(l.timeframe, q.timeframe) as timeframe, coalesce(l.tasks, 0) as tasks,
                   coalesce(l.enabled_tasks, 0) as enabled_tasks, coalesce(l.running, 0) as running,
                   coalesce(l.hard_failed, 0) as hard_failed, l.max_lag_minutes, l.mean_lag_minutes,
                   coalesce(q.bars, 0) as bars, coalesce(q.full_bars, 0) as full_bars, q.mean_quality
              from lag l full join quality q on q.timeframe = l.timeframe""";

    private AggregationAdminSql() {
    }
}
