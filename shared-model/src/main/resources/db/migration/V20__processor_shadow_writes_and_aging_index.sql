-- Shadow write mode: what a refresh would have written, beside the live row it would have
-- replaced, so an operator can compare before switching a data type to live.
create table shadow_writes (
    shadow_id    bigint generated always as identity primary key,
    data_type    text        not null,
    symbol       text        not null,
    row_key      jsonb       not null,
    new_row      jsonb       not null,
    live_row     jsonb,
    differs      boolean     not null,
    job_id       bigint,
    recorded_at  timestamptz not null default now()
);

create index shadow_writes_type_idx on shadow_writes (data_type, recorded_at desc);

-- The claim takes candidates both by priority and by age (aging lets old low-priority jobs through),
-- so the oldest due jobs must be found without a scan.
create index refresh_jobs_age_idx on refresh_jobs (enqueued_at) where status = 'pending';
