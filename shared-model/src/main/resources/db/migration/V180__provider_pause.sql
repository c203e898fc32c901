-- An operator pauses a provider: processors claim none of its jobs until it is resumed (the jobs
-- stay queued). One row per paused provider; resuming deletes it.
create table provider_pauses (
    provider  text        primary key references provider_quotas (provider) on delete cascade,
    paused_at timestamptz not null default now(),
    paused_by text        not null,
    reason    text
);
