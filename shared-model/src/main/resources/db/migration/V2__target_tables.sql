-- Target tables of the shipped data types (Financial Modeling Prep and Polygon shapes).
-- Freshet writes `refreshed_at` on every upsert; that is the registry's timestamp column.

create table profiles (
    symbol        text primary key,
    company_name  text,
    currency      text,
    exchange      text,
    industry      text,
    sector        text,
    country       text,
    ceo           text,
    website       text,
    description   text,
    market_cap    numeric,
    price         numeric,
    beta          numeric,
    ipo_date      date,
    image         text,
    refreshed_at  timestamptz not null
);

create table quotes (
    symbol          text primary key,
    name            text,
    price           numeric,
    change          numeric,
    change_percent  numeric,
    volume          bigint,
    day_low         numeric,
    day_high        numeric,
    year_low        numeric,
    year_high       numeric,
    market_cap      numeric,
    open            numeric,
    previous_close  numeric,
    exchange        text,
    source_ts       timestamptz,
    refreshed_at    timestamptz not null
) with (fillfactor = 80);

create table financial_statements (
    symbol             text not null,
    fiscal_date        date not null,
    period             text not null,
    fiscal_year        text,
    reported_currency  text,
    revenue            numeric,
    gross_profit       numeric,
    operating_income   numeric,
    net_income         numeric,
    eps                numeric,
    eps_diluted        numeric,
    refreshed_at       timestamptz not null,
    primary key (symbol, fiscal_date, period)
);

create table ratios_ttm (
    symbol              text primary key,
    pe_ratio            numeric,
    price_to_book       numeric,
    price_to_sales      numeric,
    dividend_yield      numeric,
    current_ratio       numeric,
    debt_to_equity      numeric,
    net_profit_margin   numeric,
    return_on_equity    numeric,
    refreshed_at        timestamptz not null
);

create table dividend_history (
    symbol            text not null,
    ex_date           date not null,
    record_date       date,
    payment_date      date,
    declaration_date  date,
    dividend          numeric,
    adj_dividend      numeric,
    yield             numeric,
    frequency         text,
    refreshed_at      timestamptz not null,
    primary key (symbol, ex_date)
);

create table shares_float (
    symbol              text primary key,
    free_float          numeric,
    float_shares        bigint,
    outstanding_shares  bigint,
    source_date         timestamptz,
    refreshed_at        timestamptz not null
);

create table revenue_segmentation (
    symbol             text    not null,
    fiscal_year        integer not null,
    period             text    not null,
    segment_date       date,
    reported_currency  text,
    segments           jsonb   not null default '{}'::jsonb,
    refreshed_at       timestamptz not null,
    primary key (symbol, fiscal_year, period)
);

create table grades_historical (
    symbol       text not null,
    grade_date   date not null,
    strong_buy   integer,
    buy          integer,
    hold         integer,
    sell         integer,
    strong_sell  integer,
    refreshed_at timestamptz not null,
    primary key (symbol, grade_date)
);

create table exchange_variants (
    symbol          text not null,
    variant_symbol  text not null,
    company_name    text,
    exchange        text,
    exchange_name   text,
    currency        text,
    price           numeric,
    refreshed_at    timestamptz not null,
    primary key (symbol, variant_symbol)
);

create table available_exchanges (
    exchange      text primary key,
    name          text,
    country_name  text,
    country_code  text,
    symbol_suffix text,
    delay         text,
    refreshed_at  timestamptz not null
);

create table exchange_market_status (
    exchange        text primary key,
    name            text,
    opening_hour    text,
    closing_hour    text,
    timezone        text,
    is_market_open  boolean,
    refreshed_at    timestamptz not null
);

-- One-minute bars (Polygon aggregates shape). `timeframe` is always '1m' here; derived
-- timeframes live in derived_data_bars.
create table data_bars (
    symbol        text        not null,
    timeframe     text        not null default '1m' check (timeframe = '1m'),
    ts_utc        timestamptz not null,
    open          numeric     not null,
    high          numeric     not null,
    low           numeric     not null,
    close         numeric     not null,
    volume        numeric     not null default 0,
    vwap          numeric,
    trade_count   integer,
    refreshed_at  timestamptz not null,
    primary key (symbol, timeframe, ts_utc)
);

create table derived_data_bars (
    symbol            text        not null,
    timeframe         text        not null,
    ts_utc            timestamptz not null,
    open              numeric     not null,
    high              numeric     not null,
    low               numeric     not null,
    close             numeric     not null,
    volume            numeric     not null default 0,
    source_bar_count  integer     not null,
    quality_score     numeric(5, 4) not null check (quality_score between 0 and 1),
    deleted_at        timestamptz,
    refreshed_at      timestamptz not null,
    primary key (symbol, timeframe, ts_utc)
);

create table data_agg_state (
    symbol                  text        not null,
    timeframe               text        not null,
    last_agg_bar_ts_utc     timestamptz,
    agg_start_utc           timestamptz not null,
    enabled                 boolean     not null default true,
    task_priority           integer     not null default 100,
    is_mandatory            boolean     not null default false,
    status                  text        not null default 'idle' check (status in ('idle', 'running', 'hard_failed')),
    hard_fail_streak        integer     not null default 0,
    last_error              text,
    last_successful_at_utc  timestamptz,
    next_run_at_utc         timestamptz not null default now(),
    running_since_utc       timestamptz,
    updated_at              timestamptz not null default now(),
    primary key (symbol, timeframe)
);

create index idx_agg_state_due_priority on data_agg_state (task_priority desc, next_run_at_utc)
    where enabled and status = 'idle';
