-- Each processor instance publishes its circuit-breaker state per provider, so operators (admin
-- API, UI, explain) see why a provider's jobs are not being claimed.
create table provider_circuit_state (
    provider     text        not null,
    instance_id  text        not null,
    state        text        not null check (state in ('closed', 'open', 'half_open')),
    changed_at   timestamptz not null,
    open_until   timestamptz,
    last_error   text,
    updated_at   timestamptz not null default now(),
    primary key (provider, instance_id)
);
