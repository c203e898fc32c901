-- How many times a job was answered 429 (rate limited). A throttle gives the attempt back, so
-- without a count a provider that throttles for ever keeps the job for ever; the processor ends it
-- failed after freshet.processor.max-throttles.
alter table refresh_jobs add column throttles integer not null default 0 check (throttles >= 0);
