package dev.freshet.processor;

import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.TestSql;
import io.vertx.mutiny.sqlclient.Pool;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test data: data types pointed at the stub upstream, enqueued jobs (quotas: test-support's {@code rows.QuotaRow}). */
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
    public static DataType quoteType(Registry registry, String name, String provider, int maxAttempts,
                                     String rolloutState, String batch) {
        sql().update(INSERT_QUOTE_TYPE, quoteTypeValues(name, provider, maxAttempts, rolloutState, batch));
        return awaitType(registry, name);
    }

    /**
     * A live quote-shaped data type that the services' registries have not loaded: inserted without the change
     * notification that makes them reload (the trigger is off for this transaction only, which holds the table).
     */
    public static void unannouncedQuoteType(String name, String provider) throws SQLException {
        try (Connection c = sql().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); PreparedStatement insert = c.prepareStatement(INSERT_QUOTE_TYPE)) {
                s.execute("alter table data_type_registry disable trigger data_type_registry_notify");
                Object[] values = quoteTypeValues(name, provider, 5, "live", null);
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
                s.execute("alter table data_type_registry enable trigger data_type_registry_notify");
            }
            c.commit();
        }
    }

    private static final String INSERT_QUOTE_TYPE = """
            insert into data_type_registry (data_type, display_name, provider, handler, handler_config, table_name,
                timestamp_column, symbol_column, key_columns, scope, ttl_seconds, refresh_mode, priority, tier,
                estimated_bytes, source_timestamp_column, max_attempts, rollout_state)
            values (?, ?, ?, 'http-json', ?::jsonb, 'quotes', 'refreshed_at', 'symbol', '{symbol}', 'symbol', 60,
                    'on_demand', 10, 'standard', 0, 'source_ts', ?, ?)""";

    private static Object[] quoteTypeValues(String name, String provider, int maxAttempts, String rolloutState, String batch) {
        String config = """
                {"path": "/t/%s?symbol={symbol}&apikey={apiKey}", "records": "",
                 %s
                 "retry": {"baseSeconds": 0.2, "capSeconds": 1},
                 "columns": {"name": {"field": "/name", "type": "text"},
                             "price": {"field": "/price", "type": "numeric"},
                             "volume": {"field": "/volume", "type": "bigint"},
                             "source_ts": {"field": "/timestamp", "type": "epoch_seconds"}},
                 "sanity": [{"column": "price", "greaterThan": 0, "lessThan": 100000}]}""".formatted(name, batch == null ? "" : batch + ",");
        return new Object[]{name, name, provider, config, maxAttempts, rolloutState};
    }

    /**
     * Makes a data type live once a test's own claimer holds its jobs (created paused, so the
     * application's claim loops leave them alone): only a live data type's finish writes the live table.
     */
    public static void goLive(Registry registry, String name) {
        sql().update("update data_type_registry set rollout_state = 'live' where data_type = ?", name);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(name).orElseThrow().writesLive());
    }

    public static DataType awaitType(Registry registry, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(name).isPresent());
        return registry.find(name).orElseThrow();
    }

    public static void enqueue(JobEnqueuer enqueuer, Pool pool, DataType dt, JobOrigin origin, List<String> symbols) {
        List<EnqueueCandidate> candidates = symbols.stream()
                .map(s -> new EnqueueCandidate(s, origin == JobOrigin.VIEWER ? 1 : 0,
                        origin == JobOrigin.VIEWER ? Priorities.viewer(dt, 1) : Priorities.scheduled(dt), null))
                .toList();
        enqueuer.enqueue(pool, dt, origin, candidates).await().atMost(Duration.ofSeconds(10));
    }

    /** The one history row of a job, once it has finished (awaited). */
    public static Map<String, Object> historyOf(String dataType, String symbol) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                sql().count("select count(*) from refresh_job_history where data_type = ? and symbol = ?", dataType, symbol) > 0);
        List<Map<String, Object>> rows = sql().rows("select * from refresh_job_history where data_type = ? and symbol = ?", dataType, symbol);
        Assertions.assertThat(rows).as("finished exactly once").hasSize(1);
        return rows.get(0);
    }

    public static String quoteJson(String symbol, String price, long timestamp) {
        return "[{\"symbol\": \"" + symbol + "\", \"name\": \"" + symbol + " Inc\", \"price\": " + price
                + ", \"volume\": 1200, \"timestamp\": " + timestamp + "}]";
    }
}
