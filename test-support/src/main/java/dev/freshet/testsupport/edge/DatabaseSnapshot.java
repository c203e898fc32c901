package dev.freshet.testsupport.edge;

import dev.freshet.testsupport.DatabaseCoordinates;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A fingerprint of every row in the schema's tables (one hash per table, from one query), to show that
 * a rejected request wrote nothing. Tables a service's own background loops write are left out by name.
 */
public final class DatabaseSnapshot implements AutoCloseable {

    private final Connection connection;
    private final String query;

    public DatabaseSnapshot(DatabaseCoordinates db, Set<String> ignoredTables) {
        try {
            connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            List<String> parts = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
                    order by c.relname""")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (!ignoredTables.contains(table)) {
                        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
                        parts.add("'" + table + ":' || coalesce((select md5(string_agg(t::text, '|' order by t::text)) from "
                                + quoted + " t), '-')");
                    }
                }
            }
            query = "select " + String.join(" || ',' || ", parts);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a snapshot connection: " + e.getMessage(), e);
        }
    }

    /** The current fingerprint; equal strings mean equal rows in every table looked at. */
    public String take() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("snapshot failed: " + e.getMessage(), e);
        }
    }

    /** Names of the tables whose fingerprint differs between two snapshots. */
    public static List<String> changedTables(String before, String after) {
        List<String> out = new ArrayList<>();
        String[] a = before.split(",");
        String[] b = after.split(",");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                out.add(a[i].substring(0, a[i].indexOf(':')));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a test connection: nothing to do
        }
    }
}
