-- The shipped data types, pointed at a Financial Modeling Prep-shaped API (provider `fmp`) and a
-- Polygon-shaped API (provider `polygon`). Base URLs and API keys are configuration, never rows.
-- http-json handler_config: `path` (relative to the provider base URL; {symbol}, {symbols},
-- {apiKey} placeholders), `records` (JSON pointer to the record array or object, "" = root),
-- `columns` (target column -> source field pointer and type), `sanity` rules, optional `batch`
-- (a multi-symbol endpoint). The symbol column is always filled from the job, never from the body.

insert into data_type_registry
    (data_type, display_name, provider, handler, handler_config, table_name, timestamp_column, symbol_column,
     key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority, tier,
     estimated_bytes, source_timestamp_column, enabled)
values
('quote', 'Quote', 'fmp', 'http-json', '{
   "path": "/stable/quote?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "batch": {"path": "/stable/batch-quote?symbols={symbols}&apikey={apiKey}", "maxSymbols": 100, "symbolField": "/symbol"},
   "columns": {
     "name": {"field": "/name", "type": "text"},
     "price": {"field": "/price", "type": "numeric"},
     "change": {"field": "/change", "type": "numeric"},
     "change_percent": {"field": "/changePercentage", "type": "numeric"},
     "volume": {"field": "/volume", "type": "bigint"},
     "day_low": {"field": "/dayLow", "type": "numeric"},
     "day_high": {"field": "/dayHigh", "type": "numeric"},
     "year_low": {"field": "/yearLow", "type": "numeric"},
     "year_high": {"field": "/yearHigh", "type": "numeric"},
     "market_cap": {"field": "/marketCap", "type": "numeric"},
     "open": {"field": "/open", "type": "numeric"},
     "previous_close": {"field": "/previousClose", "type": "numeric"},
     "exchange": {"field": "/exchange", "type": "text"},
     "source_ts": {"field": "/timestamp", "type": "epoch_seconds"}
   },
   "sanity": [{"column": "price", "greaterThan": 0, "lessThan": 100000}]
 }', 'quotes', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 60, 'on_demand', null, 50, 'critical', 450, 'source_ts', true),

('profile', 'Company profile', 'fmp', 'http-json', '{
   "path": "/stable/profile?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "columns": {
     "company_name": {"field": "/companyName", "type": "text"},
     "currency": {"field": "/currency", "type": "text"},
     "exchange": {"field": "/exchange", "type": "text"},
     "industry": {"field": "/industry", "type": "text"},
     "sector": {"field": "/sector", "type": "text"},
     "country": {"field": "/country", "type": "text"},
     "ceo": {"field": "/ceo", "type": "text"},
     "website": {"field": "/website", "type": "text"},
     "description": {"field": "/description", "type": "text"},
     "market_cap": {"field": "/marketCap", "type": "numeric"},
     "price": {"field": "/price", "type": "numeric"},
     "beta": {"field": "/beta", "type": "numeric"},
     "ipo_date": {"field": "/ipoDate", "type": "date"},
     "image": {"field": "/image", "type": "text"}
   },
   "sanity": [{"column": "price", "greaterThan": 0, "lessThan": 100000}]
 }', 'profiles', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 86400, 'on_demand', null, 20, 'standard', 1800, null, true),

('financial-statements', 'Income statements', 'fmp', 'http-json', '{
   "path": "/stable/income-statement?symbol={symbol}&period=annual&limit=5&apikey={apiKey}",
   "records": "",
   "columns": {
     "fiscal_date": {"field": "/date", "type": "date"},
     "period": {"field": "/period", "type": "text"},
     "fiscal_year": {"field": "/fiscalYear", "type": "text"},
     "reported_currency": {"field": "/reportedCurrency", "type": "text"},
     "revenue": {"field": "/revenue", "type": "numeric"},
     "gross_profit": {"field": "/grossProfit", "type": "numeric"},
     "operating_income": {"field": "/operatingIncome", "type": "numeric"},
     "net_income": {"field": "/netIncome", "type": "numeric"},
     "eps": {"field": "/eps", "type": "numeric"},
     "eps_diluted": {"field": "/epsDiluted", "type": "numeric"}
   }
 }', 'financial_statements', 'refreshed_at', 'symbol', '{symbol,fiscal_date,period}', 'symbol', 604800, 'both', 86400, 0, 'low', 6000, null, true),

('ratios-ttm', 'Ratios (TTM)', 'fmp', 'http-json', '{
   "path": "/stable/ratios-ttm?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "columns": {
     "pe_ratio": {"field": "/priceToEarningsRatioTTM", "type": "numeric"},
     "price_to_book": {"field": "/priceToBookRatioTTM", "type": "numeric"},
     "price_to_sales": {"field": "/priceToSalesRatioTTM", "type": "numeric"},
     "dividend_yield": {"field": "/dividendYieldTTM", "type": "numeric"},
     "current_ratio": {"field": "/currentRatioTTM", "type": "numeric"},
     "debt_to_equity": {"field": "/debtToEquityRatioTTM", "type": "numeric"},
     "net_profit_margin": {"field": "/netProfitMarginTTM", "type": "numeric"},
     "return_on_equity": {"field": "/returnOnEquityTTM", "type": "numeric"}
   }
 }', 'ratios_ttm', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 86400, 'on_demand', null, 10, 'standard', 1200, null, true),

('dividend-history', 'Dividend history', 'fmp', 'http-json', '{
   "path": "/stable/dividends?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "columns": {
     "ex_date": {"field": "/date", "type": "date"},
     "record_date": {"field": "/recordDate", "type": "date"},
     "payment_date": {"field": "/paymentDate", "type": "date"},
     "declaration_date": {"field": "/declarationDate", "type": "date"},
     "dividend": {"field": "/dividend", "type": "numeric"},
     "adj_dividend": {"field": "/adjDividend", "type": "numeric"},
     "yield": {"field": "/yield", "type": "numeric"},
     "frequency": {"field": "/frequency", "type": "text"}
   }
 }', 'dividend_history', 'refreshed_at', 'symbol', '{symbol,ex_date}', 'symbol', 86400, 'on_demand', null, 0, 'low', 4000, null, true),

('shares-float', 'Shares float', 'fmp', 'http-json', '{
   "path": "/stable/shares-float?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "columns": {
     "free_float": {"field": "/freeFloat", "type": "numeric"},
     "float_shares": {"field": "/floatShares", "type": "bigint"},
     "outstanding_shares": {"field": "/outstandingShares", "type": "bigint"},
     "source_date": {"field": "/date", "type": "timestamptz"}
   }
 }', 'shares_float', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 86400, 'on_demand', null, 0, 'low', 300, 'source_date', true),

('revenue-segmentation', 'Revenue by product segment', 'fmp', 'http-json', '{
   "path": "/stable/revenue-product-segmentation?symbol={symbol}&period=annual&apikey={apiKey}",
   "records": "",
   "columns": {
     "fiscal_year": {"field": "/fiscalYear", "type": "integer"},
     "period": {"field": "/period", "type": "text"},
     "segment_date": {"field": "/date", "type": "date"},
     "reported_currency": {"field": "/reportedCurrency", "type": "text"},
     "segments": {"field": "/data", "type": "jsonb"}
   }
 }', 'revenue_segmentation', 'refreshed_at', 'symbol', '{symbol,fiscal_year,period}', 'symbol', 604800, 'on_demand', null, 0, 'low', 2500, null, true),

('grades-historical', 'Analyst grades (historical)', 'fmp', 'http-json', '{
   "path": "/stable/grades-historical?symbol={symbol}&limit=12&apikey={apiKey}",
   "records": "",
   "columns": {
     "grade_date": {"field": "/date", "type": "date"},
     "strong_buy": {"field": "/analystRatingsStrongBuy", "type": "integer"},
     "buy": {"field": "/analystRatingsBuy", "type": "integer"},
     "hold": {"field": "/analystRatingsHold", "type": "integer"},
     "sell": {"field": "/analystRatingsSell", "type": "integer"},
     "strong_sell": {"field": "/analystRatingsStrongSell", "type": "integer"}
   }
 }', 'grades_historical', 'refreshed_at', 'symbol', '{symbol,grade_date}', 'symbol', 86400, 'on_demand', null, 0, 'low', 1500, null, true),

('exchange-variants', 'Exchange variants', 'fmp', 'http-json', '{
   "path": "/stable/search-exchange-variants?symbol={symbol}&apikey={apiKey}",
   "records": "",
   "columns": {
     "variant_symbol": {"field": "/symbol", "type": "text"},
     "company_name": {"field": "/companyName", "type": "text"},
     "exchange": {"field": "/exchangeShortName", "type": "text"},
     "exchange_name": {"field": "/exchange", "type": "text"},
     "currency": {"field": "/currency", "type": "text"},
     "price": {"field": "/price", "type": "numeric"}
   }
 }', 'exchange_variants', 'refreshed_at', 'symbol', '{symbol,variant_symbol}', 'symbol', 604800, 'on_demand', null, 0, 'low', 2000, null, true),

('available-exchanges', 'Available exchanges', 'fmp', 'http-json', '{
   "path": "/stable/available-exchanges?apikey={apiKey}",
   "records": "",
   "columns": {
     "exchange": {"field": "/exchange", "type": "text"},
     "name": {"field": "/name", "type": "text"},
     "country_name": {"field": "/countryName", "type": "text"},
     "country_code": {"field": "/countryCode", "type": "text"},
     "symbol_suffix": {"field": "/symbolSuffix", "type": "text"},
     "delay": {"field": "/delay", "type": "text"}
   }
 }', 'available_exchanges', 'refreshed_at', null, '{exchange}', 'global', 604800, 'on_demand', null, 0, 'low', 8000, null, true),

('exchange-market-status', 'Exchange market status', 'fmp', 'http-json', '{
   "path": "/stable/all-exchange-market-hours?apikey={apiKey}",
   "records": "",
   "columns": {
     "exchange": {"field": "/exchange", "type": "text"},
     "name": {"field": "/name", "type": "text"},
     "opening_hour": {"field": "/openingHour", "type": "text"},
     "closing_hour": {"field": "/closingHour", "type": "text"},
     "timezone": {"field": "/timezone", "type": "text"},
     "is_market_open": {"field": "/isMarketOpen", "type": "boolean"}
   }
 }', 'exchange_market_status', 'refreshed_at', null, '{exchange}', 'global', 300, 'scheduled', 300, 30, 'critical', 6000, null, true);

-- Bars: the 1-minute source and the derived timeframes. Disabled until the aggregation
-- handler ships; an operator enables them from the registry.
insert into data_type_registry
    (data_type, display_name, provider, handler, handler_config, table_name, timestamp_column, symbol_column,
     key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority, tier,
     estimated_bytes, enabled)
values
('bars-1m', '1-minute bars', 'polygon', 'http-json', '{
   "path": "/v2/aggs/ticker/{symbol}/range/1/minute/{from}/{to}?adjusted=true&sort=asc&limit=50000&apiKey={apiKey}",
   "records": "/results",
   "columns": {
     "ts_utc": {"field": "/t", "type": "epoch_millis"},
     "open": {"field": "/o", "type": "numeric"},
     "high": {"field": "/h", "type": "numeric"},
     "low": {"field": "/l", "type": "numeric"},
     "close": {"field": "/c", "type": "numeric"},
     "volume": {"field": "/v", "type": "numeric"},
     "vwap": {"field": "/vw", "type": "numeric"},
     "trade_count": {"field": "/n", "type": "integer"}
   },
   "sanity": [{"column": "close", "greaterThan": 0, "lessThan": 100000}]
 }', 'data_bars', 'refreshed_at', 'symbol', '{symbol,timeframe,ts_utc}', 'symbol', 60, 'both', 60, 40, 'critical', 20000, false),
('bars-5m', '5-minute bars', 'local', 'aggregate-bars', '{"timeframe": "5m", "source": "1m"}',
 'derived_data_bars', 'refreshed_at', 'symbol', '{symbol,timeframe,ts_utc}', 'symbol', 300, 'scheduled', 60, 30, 'critical', 0, false),
('bars-15m', '15-minute bars', 'local', 'aggregate-bars', '{"timeframe": "15m", "source": "5m"}',
 'derived_data_bars', 'refreshed_at', 'symbol', '{symbol,timeframe,ts_utc}', 'symbol', 900, 'scheduled', 300, 20, 'standard', 0, false),
('bars-1h', '1-hour bars', 'local', 'aggregate-bars', '{"timeframe": "1h", "source": "15m"}',
 'derived_data_bars', 'refreshed_at', 'symbol', '{symbol,timeframe,ts_utc}', 'symbol', 3600, 'scheduled', 900, 10, 'standard', 0, false),
('bars-1d', '1-day bars', 'local', 'aggregate-bars', '{"timeframe": "1d", "source": "1h"}',
 'derived_data_bars', 'refreshed_at', 'symbol', '{symbol,timeframe,ts_utc}', 'symbol', 86400, 'scheduled', 3600, 0, 'low', 0, false);

-- Flags are on by default so a fresh install works end to end; per-data-type overrides go in
-- metadata as {"dataTypes": {"quote": false}}.
insert into feature_flags (flag_name, enabled, description) values
('use_queue_system', true, 'Processors claim and run refresh jobs only while this is on.'),
('use_presence_tracking', true, 'The tracker records presence and enqueues stale data only while this is on.'),
('use_scheduled_refreshes', true, 'The checker enqueues scheduled refreshes only while this is on.');

-- Financial Modeling Prep Starter-like limits: 300 calls a minute, 20 GiB over a trailing 30 days.
insert into provider_quotas
    (provider, calls_per_minute, calls_per_day, bytes_per_window, bytes_window_seconds, safety_margin_pct, on_demand_reserve_pct)
values
('fmp', 300, null, 21474836480, 2592000, 10, 20),
('polygon', 100, null, null, null, 10, 20),
('local', null, null, null, null, 0, 0);
