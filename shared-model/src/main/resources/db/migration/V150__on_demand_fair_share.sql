-- Provider calls (new viewer jobs) caused per caller and minute, shared by every tracker replica so
-- that a limit holds however many there are. A scope is one caller ('sub:<token client>' or
-- 'ip:<address>') or all unauthenticated callers of one provider ('anonymous:<provider>'). Minutes
-- come from the database clock. Rows older than an hour are deleted by the trackers.
create table on_demand_calls (
    scope  text        not null,
    minute timestamptz not null,
    calls  integer     not null default 0 check (calls >= 0),
    primary key (scope, minute)
);

create index on_demand_calls_minute on on_demand_calls (minute);
