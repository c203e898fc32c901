-- A batch call made anyway has spare symbol slots: the processor fills them with the stalest cached pairs of
-- its data type that no job covers, queued already claimed by the call with this origin, so history and
-- reports tell a pair refreshed for free from one someone asked for.
alter table refresh_jobs drop constraint refresh_jobs_origin_check;
alter table refresh_jobs add constraint refresh_jobs_origin_check
    check (origin in ('viewer', 'scheduled', 'manual', 'aggregation', 'ride_along'));
