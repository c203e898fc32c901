-- Known symbols. A provider's symbol universe is the list of symbols it serves (FMP's stock list,
-- Polygon's tickers), loaded by an ordinary registry data type into symbol_universe. While a
-- provider's universe is loaded, a viewer's pair for a symbol outside it queues nothing. Before it
-- is loaded, or for a provider without one, a symbol the provider answered not found for (no
-- records, or HTTP 404) is remembered per data type in symbol_not_found with an exponential
-- backoff, so repeats queue nothing until it ends. Both are read by the shared
-- SymbolGateSql.BLOCKED_SYMBOLS (tracker, checker presence scan, admin explain); the processor
-- writes symbol_not_found in its finish statement.

create table symbol_universe (
    provider     text        not null,
    symbol       text        not null,
    name         text,
    exchange     text,
    asset_type   text,
    refreshed_at timestamptz not null,
    primary key (provider, symbol)
);

-- "when was the universe last loaded" is one index descent
create index symbol_universe_loaded on symbol_universe (provider, refreshed_at desc);

create table symbol_not_found (
    data_type       text        not null references data_type_registry (data_type) on delete cascade,
    symbol          text        not null,
    provider        text        not null,
    streak          integer     not null default 1 check (streak > 0),
    first_seen_at   timestamptz not null default now(),
    last_seen_at    timestamptz not null default now(),
    not_found_until timestamptz not null,
    http_status     integer,
    last_error      text,
    primary key (data_type, symbol)
);

-- per provider: which data type loads its universe (null: none) and the negative cache's backoff
alter table provider_quotas
    add column universe_data_type     text,
    add column not_found_base_seconds integer not null default 900 check (not_found_base_seconds > 0),
    add column not_found_max_seconds  integer not null default 86400 check (not_found_max_seconds > 0),
    add constraint provider_quotas_not_found_backoff check (not_found_max_seconds >= not_found_base_seconds);

-- The universes, disabled until an operator enables them: with one loaded, every symbol outside it
-- answers `unknown`, so it must be the provider's real list (the simulator serves a small one).
-- Polygon pages its tickers (at most 1000 a page) and the http-json handler reads one page, so its
-- universe is only right for accounts whose list fits one page; FMP's stock list is one answer.
insert into data_type_registry
    (data_type, display_name, provider, handler, handler_config, table_name, timestamp_column, symbol_column,
     key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority, tier,
     estimated_bytes, source_timestamp_column, enabled)
values
('fmp-stock-list', 'FMP stock list (symbol universe)', 'fmp', 'http-json', '{
   "path": "/stable/stock-list?apikey={apiKey}",
   "records": "",
   "columns": {
     "provider": {"value": "fmp", "type": "text"},
     "symbol": {"field": "/symbol", "type": "text"},
     "name": {"field": "/companyName", "type": "text"}
   }
 }', 'symbol_universe', 'refreshed_at', null, '{provider,symbol}', 'global', 86400, 'scheduled', 86400, 0, 'low',
 4000000, null, false),

('polygon-tickers', 'Polygon tickers (symbol universe)', 'polygon', 'http-json', '{
   "path": "/v3/reference/tickers?market=stocks&active=true&limit=1000&apiKey={apiKey}",
   "records": "/results",
   "columns": {
     "provider": {"value": "polygon", "type": "text"},
     "symbol": {"field": "/ticker", "type": "text"},
     "name": {"field": "/name", "type": "text"},
     "exchange": {"field": "/primary_exchange", "type": "text"},
     "asset_type": {"field": "/type", "type": "text"}
   }
 }', 'symbol_universe', 'refreshed_at', null, '{provider,symbol}', 'global', 86400, 'scheduled', 86400, 0, 'low',
 200000, null, false);

update provider_quotas set universe_data_type = 'fmp-stock-list' where provider = 'fmp';
update provider_quotas set universe_data_type = 'polygon-tickers' where provider = 'polygon';
