-- Freshet core schema: registry, flags, the hot queue and its history, quotas and usage,
-- presence, scheduler log, freshness cache and audit. Every later change is a new migration.

-- One row per data type Freshet keeps fresh. Table and column names are identifiers used in
-- dynamic SQL: the CHECKs below are the last line of defence, the services validate them
-- against the catalog before a row is written and quote them whenever they are used.
create table data_type_registry (
    data_type               text primary key
                            check (data_type ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' and length(data_type) <= 63),
    display_name            text        not null check (length(display_name) between 1 and 200),
    provider                text        not null check (provider ~ '^[a-z][a-z0-9_-]{0,62}$'),
    handler                 text        not null check (handler ~ '^[a-z][a-z0-9-]{0,62}$'),
    handler_config          jsonb       not null default '{}'::jsonb,
    table_name              text        not null check (table_name ~ '^[a-z_][a-z0-9_]{0,62}$'),
    timestamp_column        text        not null check (timestamp_column ~ '^[a-z_][a-z0-9_]{0,62}$'),
    symbol_column           text                 check (symbol_column ~ '^[a-z_][a-z0-9_]{0,62}$'),
    key_columns             text[]      not null check (cardinality(key_columns) between 1 and 8),
    scope                   text        not null check (scope in ('symbol', 'global')),
    ttl_seconds             integer     not null check (ttl_seconds > 0),
    refresh_mode            text        not null check (refresh_mode in ('on_demand', 'scheduled', 'both')),
    schedule_interval_seconds integer            check (schedule_interval_seconds > 0),
    priority                integer     not null default 0 check (priority between -100 and 100),
    tier                    text        not null default 'standard' check (tier in ('critical', 'standard', 'low')),
    warn_after_seconds      integer              check (warn_after_seconds > 0),
    error_after_seconds     integer              check (error_after_seconds > 0),
    estimated_bytes         bigint      not null default 0 check (estimated_bytes >= 0),
    source_timestamp_column text                 check (source_timestamp_column ~ '^[a-z_][a-z0-9_]{0,62}$'),
    max_attempts            integer     not null default 5 check (max_attempts between 1 and 50),
    enabled                 boolean     not null default true,
    write_mode              text        not null default 'live' check (write_mode in ('live', 'shadow')),
    version                 integer     not null default 1,
    created_at              timestamptz not null default now(),
    created_by              text        not null default 'system',
    updated_at              timestamptz not null default now(),
    updated_by              text        not null default 'system',
    check ((scope = 'symbol') = (symbol_column is not null)),
    check (refresh_mode = 'on_demand' or schedule_interval_seconds is not null),
    check (warn_after_seconds is null or error_after_seconds is null or warn_after_seconds <= error_after_seconds)
);

create table feature_flags (
    flag_name   text primary key check (flag_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    enabled     boolean     not null default false,
    description text        not null default '',
    metadata    jsonb       not null default '{}'::jsonb,
    updated_at  timestamptz not null default now(),
    updated_by  text        not null default 'system'
);

-- Per-provider budget. Every window is optional: a provider states the ones it enforces.
create table provider_quotas (
    provider              text primary key check (provider ~ '^[a-z][a-z0-9_-]{0,62}$'),
    calls_per_minute      integer check (calls_per_minute > 0),
    calls_per_day         integer check (calls_per_day > 0),
    bytes_per_window      bigint  check (bytes_per_window > 0),
    bytes_window_seconds  integer check (bytes_window_seconds > 0),
    safety_margin_pct     numeric(5, 2) not null default 10 check (safety_margin_pct between 0 and 90),
    on_demand_reserve_pct numeric(5, 2) not null default 20 check (on_demand_reserve_pct between 0 and 100),
    max_concurrency       integer not null default 8 check (max_concurrency between 1 and 1000),
    request_timeout_ms    integer not null default 10000 check (request_timeout_ms between 100 and 300000),
    version               integer not null default 1,
    updated_at            timestamptz not null default now(),
    updated_by            text not null default 'system',
    check ((bytes_per_window is null) = (bytes_window_seconds is null))
);

-- Usage per provider per minute. Reservations are what claimed-but-unfinished jobs may still spend.
create table api_usage (
    provider        text        not null,
    bucket_start    timestamptz not null,
    calls           integer     not null default 0,
    bytes           bigint      not null default 0,
    reserved_calls  integer     not null default 0,
    reserved_bytes  bigint      not null default 0,
    rate_limited    integer     not null default 0,
    errors          integer     not null default 0,
    primary key (provider, bucket_start)
) with (fillfactor = 80);

-- The hot queue: only pending and processing jobs live here; finished ones move to history in
-- the transaction that finishes them. Small, low fillfactor so status/lease updates stay HOT.
create table refresh_jobs (
    job_id           bigint generated always as identity primary key,
    data_type        text        not null references data_type_registry (data_type),
    symbol           text        not null,
    provider         text        not null,
    priority         integer     not null,
    origin           text        not null check (origin in ('viewer', 'scheduled', 'manual', 'aggregation')),
    viewer_count     integer     not null default 0,
    status           text        not null default 'pending' check (status in ('pending', 'processing')),
    attempts         integer     not null default 0,
    max_attempts     integer     not null default 5,
    run_after        timestamptz not null default now(),
    enqueued_at      timestamptz not null default now(),
    claimed_at       timestamptz,
    claimed_by       text,
    lease_expires_at timestamptz,
    estimated_bytes  bigint      not null default 0,
    reserved_calls   integer     not null default 0,
    reserved_bytes   bigint      not null default 0,
    last_error       text,
    payload          jsonb       not null default '{}'::jsonb,
    unique (data_type, symbol)
) with (fillfactor = 70);

create index refresh_jobs_claim_idx on refresh_jobs (priority desc, enqueued_at) where status = 'pending';
create index refresh_jobs_lease_idx on refresh_jobs (lease_expires_at) where status = 'processing';

-- Wake processors on every enqueue, whoever inserted (tracker, checker, admin or a person with psql).
create function freshet_notify_jobs() returns trigger language plpgsql as $$
begin
    perform pg_notify('freshet_jobs', '');
    return null;
end $$;
create trigger refresh_jobs_notify after insert on refresh_jobs
    for each statement execute function freshet_notify_jobs();

-- Finished jobs, partitioned by finish day so retention is a DROP of old partitions.
create table refresh_job_history (
    job_id          bigint      not null,
    data_type       text        not null,
    symbol          text        not null,
    provider        text        not null,
    priority        integer     not null,
    origin          text        not null,
    viewer_count    integer     not null default 0,
    status          text        not null check (status in ('completed', 'failed', 'cancelled')),
    attempts        integer     not null,
    enqueued_at     timestamptz not null,
    claimed_at      timestamptz,
    claimed_by      text,
    finished_at     timestamptz not null,
    last_error      text,
    http_status     integer,
    actual_bytes    bigint,
    rows_written    integer,
    queue_wait_ms   integer,
    fetch_ms        integer,
    validate_ms     integer,
    write_ms        integer,
    payload         jsonb       not null default '{}'::jsonb
) partition by range (finished_at);

-- Rows whose day has no partition yet land here instead of failing the job; the maintenance
-- function moves them into their partition when it creates it.
create table refresh_job_history_default partition of refresh_job_history default;

create index refresh_job_history_finished_idx on refresh_job_history (finished_at);
create index refresh_job_history_type_idx on refresh_job_history (data_type, finished_at);
create index refresh_job_history_status_idx on refresh_job_history (status, finished_at);
create index refresh_job_history_job_idx on refresh_job_history (job_id);

-- Creates the daily partitions [p_from, p_from + p_days), moving any rows that reached the
-- default partition for those days. Returns how many partitions it created.
create function freshet_ensure_history_partitions(p_from date, p_days integer) returns integer
language plpgsql as $$
declare
    d       date;
    lo      timestamptz;
    hi      timestamptz;
    part    text;
    created integer := 0;
begin
    for i in 0 .. p_days - 1 loop
        d := p_from + i;
        part := 'refresh_job_history_p' || to_char(d, 'YYYYMMDD');
        if to_regclass(part) is null then
            lo := d::timestamp at time zone 'UTC';
            hi := (d + 1)::timestamp at time zone 'UTC';
            execute format('create table %I (like refresh_job_history including defaults including constraints)', part);
            execute format('with moved as (delete from refresh_job_history_default where finished_at >= %L and finished_at < %L returning *) insert into %I select * from moved', lo, hi, part);
            execute format('alter table refresh_job_history attach partition %I for values from (%L) to (%L)', part, lo, hi);
            created := created + 1;
        end if;
    end loop;
    return created;
end $$;

-- Drops the daily partitions that end on or before p_before. Returns how many it dropped.
create function freshet_drop_history_partitions(p_before date) returns integer
language plpgsql as $$
declare
    part    record;
    dropped integer := 0;
begin
    for part in
        select c.relname
        from pg_inherits i
        join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'refresh_job_history'::regclass
          and c.relname ~ '^refresh_job_history_p[0-9]{8}$'
          and to_date(substring(c.relname from 22), 'YYYYMMDD') + 1 <= p_before
    loop
        execute format('drop table %I', part.relname);
        dropped := dropped + 1;
    end loop;
    return dropped;
end $$;

select freshet_ensure_history_partitions((now() at time zone 'UTC')::date - 1, 9);

-- Presence: who views what. Unlogged on purpose: it is rebuilt by heartbeats within one
-- presence TTL after a crash, and skipping WAL makes heavy heartbeat traffic cheap.
create unlogged table active_subscriptions (
    client_id     text        not null,
    symbol        text        not null,
    data_type     text        not null,
    first_seen_at timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    primary key (client_id, symbol, data_type)
) with (fillfactor = 70);

create index active_subscriptions_pair_idx on active_subscriptions (data_type, symbol);
create index active_subscriptions_seen_idx on active_subscriptions (last_seen_at);

create table subscription_analytics (
    bucket_start timestamptz not null,
    data_type    text        not null,
    symbol       text        not null,
    viewers      integer     not null,
    primary key (bucket_start, data_type, symbol)
);

create table scheduler_execution_log (
    execution_id   bigint generated always as identity primary key,
    task           text        not null,
    instance_id    text        not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    status         text        not null check (status in ('running', 'succeeded', 'failed', 'skipped_locked', 'skipped_flag')),
    items_examined integer     not null default 0,
    jobs_enqueued  integer     not null default 0,
    error          text,
    details        jsonb       not null default '{}'::jsonb
);

create index scheduler_execution_log_task_idx on scheduler_execution_log (task, started_at desc);
create index scheduler_execution_log_started_idx on scheduler_execution_log (started_at desc);

create table data_freshness (
    data_type       text        not null,
    symbol          text        not null,
    tier            text        not null,
    last_updated_at timestamptz,
    state           text        not null check (state in ('fresh', 'aging', 'stale', 'missing')),
    checked_at      timestamptz not null,
    primary key (data_type, symbol)
);

create index data_freshness_state_idx on data_freshness (tier, state);

create table audit_log (
    audit_id    bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor       text        not null,
    entity_type text        not null check (entity_type in ('registry', 'flag', 'quota', 'job', 'aggregation')),
    entity_id   text        not null,
    action      text        not null,
    before      jsonb,
    after       jsonb
);

create index audit_log_at_idx on audit_log (at desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, at desc);

-- Any change to configuration, by whatever path, reaches every replica within a second.
create function freshet_notify_config() returns trigger language plpgsql as $$
begin
    perform pg_notify('freshet_config', TG_TABLE_NAME);
    return null;
end $$;
create trigger data_type_registry_notify after insert or update or delete on data_type_registry
    for each statement execute function freshet_notify_config();
create trigger feature_flags_notify after insert or update or delete on feature_flags
    for each statement execute function freshet_notify_config();
create trigger provider_quotas_notify after insert or update or delete on provider_quotas
    for each statement execute function freshet_notify_config();
