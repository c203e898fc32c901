-- The claim walks each provider's pending jobs on its own, and only the providers it may claim for now (not
-- paused, budget left, some data type not skipped). With one walk of the whole pending queue, a provider left
-- alone was filtered out row by row: under a spent per-minute budget, every claim of the minute (one per
-- enqueue wake-up) read that provider's whole backlog to find nothing (48 ms a claim at 50,000 jobs).
create index refresh_jobs_provider_claim_idx on refresh_jobs (provider, priority desc, enqueued_at) where status = 'pending';
create index refresh_jobs_provider_age_idx on refresh_jobs (provider, enqueued_at) where status = 'pending';
create index refresh_jobs_provider_deadline_idx on refresh_jobs (provider, (coalesce(deadline_at, enqueued_at))) where status = 'pending';

drop index refresh_jobs_claim_idx;
drop index refresh_jobs_age_idx;
drop index refresh_jobs_deadline_idx;
