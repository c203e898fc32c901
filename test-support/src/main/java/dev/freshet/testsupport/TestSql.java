package dev.freshet.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against a test database, for preparing data and asserting on what the services wrote. */
public final class TestSql {

    private final DatabaseCoordinates db;

    public TestSql(DatabaseCoordinates db) {
        this.db = db;
    }

    /** Against the database of the running Quarkus test application. */
    public static TestSql current() {
        return new TestSql(PostgresTestResource.current());
    }

    public int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
        }
    }

    /** The first column of the first row, or null when there is no row. */
    public Object value(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    public long count(String sql, Object... params) {
        Object v = value(sql, params);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * Empties the queue and its history, and truncates {@code alsoTruncated} (fixed table names of the test) with it.
     * History is partitioned by day, so it is deleted from rather than truncated partition by partition.
     */
    public void emptyQueue(String... alsoTruncated) {
        List<String> tables = new ArrayList<>(List.of("refresh_jobs"));
        tables.addAll(List.of(alsoTruncated));
        update("truncate " + String.join(", ", tables));
        update("delete from refresh_job_history");
    }

    /**
     * Deletes what a test wrote about its own data types, named alike ({@code like}, e.g. {@code rasql-%}): their
     * shadow records, jobs, subscriptions, audit entries and registry rows.
     */
    public void forgetDataTypes(String like) {
        for (String table : List.of("shadow_writes", "refresh_jobs", "active_subscriptions")) {
            update("delete from " + table + " where data_type like ?", like);
        }
        update("delete from audit_log where entity_id like ?", like);
        update("delete from data_type_registry where data_type like ?", like);
    }

    /**
     * Deletes what a test wrote about its own providers, named alike ({@code like}, e.g. {@code qsql%}): their jobs,
     * usage, pauses, circuit state, quotas and audit entries.
     */
    public void forgetProviders(String like) {
        for (String table : List.of("refresh_jobs", "api_usage", "provider_pauses", "provider_circuit_state", "provider_quotas")) {
            update("delete from " + table + " where provider like ?", like);
        }
        update("delete from audit_log where entity_id like ?", like);
    }

    /**
     * The plan of a statement written with {@code $n} parameters, given as text literals, with
     * sequential scans discouraged: on a test's few rows the planner would otherwise prefer them, so
     * this shows whether an index can serve the statement at all.
     */
    public String plan(String statement, Object... params) {
        StringBuilder args = new StringBuilder();
        for (Object p : params) {
            args.append(args.isEmpty() ? "" : ", ").append(p == null ? "null" : "'" + p.toString().replace("'", "''") + "'");
        }
        try (Connection c = connect(); var st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            st.execute("prepare freshet_plan as " + statement);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("explain execute freshet_plan" + (params.length == 0 ? "" : "(" + args + ")"))) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + statement, e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
