-- The claim walks the pending jobs of each provider it may claim for on their own, on-demand jobs (viewer, manual)
-- apart from the others, and only those it may take now: not a paused provider's, not one whose budget is spent,
-- not the scheduled jobs of one whose scheduled share is spent. With one walk of the whole pending queue the jobs
-- it had to leave were filtered out row by row: under a spent budget, every claim of the minute (one per enqueue
-- wake-up) read the provider's whole backlog to find nothing (51 ms a claim at 50,000 jobs).
create index refresh_jobs_provider_claim_idx
    on refresh_jobs (provider, (origin in ('viewer', 'manual')), priority desc, enqueued_at) where status = 'pending';
create index refresh_jobs_provider_age_idx
    on refresh_jobs (provider, (origin in ('viewer', 'manual')), enqueued_at) where status = 'pending';
create index refresh_jobs_provider_deadline_idx
    on refresh_jobs (provider, (origin in ('viewer', 'manual')), (coalesce(deadline_at, enqueued_at))) where status = 'pending';

drop index refresh_jobs_claim_idx;
drop index refresh_jobs_age_idx;
drop index refresh_jobs_deadline_idx;

-- The claim walks the providers the registry names; a queued job whose data type moved to another provider
-- before the registry update took queued jobs along follows it now (its call goes to that provider).
update refresh_jobs j set provider = r.provider
  from data_type_registry r
 where r.data_type = j.data_type and j.status = 'pending' and j.provider <> r.provider;
