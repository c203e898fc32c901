-- A job's deadline: when the data it refreshes stops being fresh (newest row's time + TTL), set at
-- enqueue by whoever saw the data's age. Jobs queued without one (scheduled, manual, follow-ups)
-- are due at their enqueue time. The deadline scheduling policy claims earliest deadline first among
-- jobs of comparable value and ages a job only once its deadline has passed.
alter table refresh_jobs add column deadline_at timestamptz;

create index refresh_jobs_deadline_idx on refresh_jobs ((coalesce(deadline_at, enqueued_at))) where status = 'pending';
