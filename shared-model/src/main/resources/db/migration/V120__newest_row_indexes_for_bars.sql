-- The newest row of a symbol's bars of one timeframe (the staleness check on every visit, the
-- freshness cache, the presence and scheduled scans) is max(refreshed_at) where symbol and timeframe
-- are given. The primary keys end in ts_utc, so without these indexes each look-up read every bar of
-- the symbol (10,080 a week of 1-minute bars) and timed out, failing safe to stale, on large tables.
-- With them it is one index descent.
create index if not exists data_bars_newest_idx on data_bars (symbol, timeframe, refreshed_at);
create index if not exists derived_data_bars_newest_idx on derived_data_bars (symbol, timeframe, refreshed_at);
