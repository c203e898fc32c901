-- A job names the processor holding it only while it runs: every path back to pending (a release, a retry, a lapsed
-- lease) clears claimed_by. Made a rule of the table, so that a claim held (claimed_by and attempts as claimed) says
-- the job is running, and the finish finds its jobs by their ids alone. With status = 'processing' among its join
-- conditions the planner, working from statistics gathered while the queue was all pending, walked every running job
-- (the lease index) for each finished one: 47 ms to finish 100 jobs with 800 running, 3.5 ms by their ids.
update refresh_jobs set claimed_by = null where status = 'pending' and claimed_by is not null;
alter table refresh_jobs add constraint refresh_jobs_claimed_only_while_running
    check (status = 'processing' or claimed_by is null);
