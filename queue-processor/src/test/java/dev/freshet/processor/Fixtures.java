package dev.freshet.processor;

import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.TestSql;
import io.vertx.mutiny.sqlclient.Pool;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;

/** Test data: data types pointed at the stub upstream, provider quotas, enqueued jobs. */
public final class Fixtures {

    private Fixtures() {
    }

    public static TestSql sql() {
        return TestSql.current();
    }

    /**
     * A quote-shaped data type (target table quotes, source timestamp source_ts) fetched from
     * {@code /t/<name>?symbol=..}, with short retries.
     */
    public static DataType quoteType(Registry registry, String name, String provider, int maxAttempts, boolean enabled,
                                     String writeMode, String batch) {
        String config = """
                {"path": "/t/%s?symbol={symbol}&apikey={apiKey}", "records": "",
                 %s
                 "retry": {"baseSeconds": 0.2, "capSeconds": 1},
                 "columns": {"name": {"field": "/name", "type": "text"},
                             "price": {"field": "/price", "type": "numeric"},
                             "volume": {"field": "/volume", "type": "bigint"},
                             "source_ts": {"field": "/timestamp", "type": "epoch_seconds"}},
                 "sanity": [{"column": "price", "greaterThan": 0, "lessThan": 100000}]}""".formatted(name, batch == null ? "" : batch + ",");
        sql().update("""
                insert into data_type_registry (data_type, display_name, provider, handler, handler_config, table_name,
                    timestamp_column, symbol_column, key_columns, scope, ttl_seconds, refresh_mode, priority, tier,
                    estimated_bytes, source_timestamp_column, max_attempts, enabled, write_mode)
                values (?, ?, ?, 'http-json', ?::jsonb, 'quotes', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 60,
                        'on_demand', 10, 'standard', 0, 'source_ts', ?, ?, ?)""",
                name, name, provider, config, maxAttempts, enabled, writeMode);
        return awaitType(registry, name);
    }

    public static DataType awaitType(Registry registry, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(name).isPresent());
        return registry.find(name).orElseThrow();
    }

    public static void quota(String provider, Integer callsPerMinute, Integer callsPerDay, Long bytes, Integer bytesWindowSeconds,
                             double margin, double reserve, int timeoutMs) {
        sql().update("""
                insert into provider_quotas (provider, calls_per_minute, calls_per_day, bytes_per_window, bytes_window_seconds,
                    safety_margin_pct, on_demand_reserve_pct, request_timeout_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", provider, callsPerMinute, callsPerDay, bytes, bytesWindowSeconds,
                margin, reserve, timeoutMs);
    }

    public static void enqueue(JobEnqueuer enqueuer, Pool pool, DataType dt, JobOrigin origin, List<String> symbols) {
        List<EnqueueCandidate> candidates = symbols.stream()
                .map(s -> new EnqueueCandidate(s, origin == JobOrigin.VIEWER ? 1 : 0,
                        origin == JobOrigin.VIEWER ? Priorities.viewer(dt, 1) : Priorities.scheduled(dt), null))
                .toList();
        enqueuer.enqueue(pool, dt, origin, candidates).await().atMost(Duration.ofSeconds(10));
    }

    public static String quoteJson(String symbol, String price, long timestamp) {
        return "[{\"symbol\": \"" + symbol + "\", \"name\": \"" + symbol + " Inc\", \"price\": " + price
                + ", \"volume\": 1200, \"timestamp\": " + timestamp + "}]";
    }
}
