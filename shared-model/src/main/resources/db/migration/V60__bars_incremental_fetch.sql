-- 1-minute bars fetched incrementally (issue #8): each job asks for the range after the newest
-- stored bar of its symbol, at most 7 days of it (10,080 bars, well under the endpoint's limit of
-- 50,000 and about 1 MB); a symbol with nothing stored backfills from 7 days ago, chunk after chunk.
-- `timeframe` is a constant column: jsonb_populate_recordset would give null for a column the
-- rows leave out, not the table's default, and it is part of the key.
--
-- The config is replaced only where it is still the one V3 seeded (which could not write a bar);
-- a config an operator changed is left as it is. Bars and their aggregations are now enabled by
-- default: with no viewer and no stored bar nothing is fetched or aggregated, so a fresh install
-- spends no call on them until someone looks at a symbol's bars.

update data_type_registry
   set handler_config = '{
         "path": "/v2/aggs/ticker/{symbol}/range/1/minute/{fromMillis}/{toMillis}?adjusted=true&sort=asc&limit=50000&apiKey={apiKey}",
         "records": "/results",
         "incremental": {"column": "ts_utc", "backfillDays": 7, "maxDaysPerCall": 7},
         "columns": {
           "timeframe": {"value": "1m", "type": "text"},
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
       }'::jsonb,
       version = version + 1, updated_at = now(), updated_by = 'migration V60'
 where data_type = 'bars-1m'
   and handler_config = '{
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
       }'::jsonb;

update data_type_registry
   set enabled = true, version = version + 1, updated_at = now(), updated_by = 'migration V60'
 where data_type in ('bars-1m', 'bars-5m', 'bars-15m', 'bars-1h', 'bars-1d') and not enabled;
