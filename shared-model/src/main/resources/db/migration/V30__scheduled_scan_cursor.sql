-- Where the scheduled-refresh scan of each data type stands. Large target tables are walked in
-- symbol order a bounded batch per run (keyset cursor), so no run reads a whole table; a pass starts
-- again once the data type's schedule interval has elapsed since the previous pass started.
create table scheduled_scan_cursor (
    data_type        text primary key references data_type_registry (data_type) on delete cascade,
    last_symbol      text,
    pass_started_at  timestamptz,
    pass_finished_at timestamptz,
    updated_at       timestamptz not null
);
