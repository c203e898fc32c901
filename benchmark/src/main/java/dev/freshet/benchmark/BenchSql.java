package dev.freshet.benchmark;

import dev.freshet.launcher.LocalDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC on the stack's database for preparing data and reading results, on one kept connection
 * (a new PostgreSQL backend per poll would load the machine being measured).
 */
public final class BenchSql {

    private final LocalDatabase db;
    private Connection shared;

    public BenchSql(LocalDatabase db) {
        this.db = db;
    }

    public LocalDatabase database() {
        return db;
    }

    public synchronized int update(String sql, Object... params) {
        try (PreparedStatement ps = prepare(shared(), sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public double number(String sql, Object... params) {
        List<Double> v = numbers(sql, params);
        return v.isEmpty() ? Double.NaN : v.getFirst();
    }

    /** The first column of every row as a number (null as NaN). */
    public synchronized List<Double> numbers(String sql, Object... params) {
        try (PreparedStatement ps = prepare(shared(), sql, params); ResultSet rs = ps.executeQuery()) {
            List<Double> out = new ArrayList<>();
            while (rs.next()) {
                double d = rs.getDouble(1);
                out.add(rs.wasNull() ? Double.NaN : d);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row as text (null when there is none). */
    public synchronized String text(String sql, Object... params) {
        try (PreparedStatement ps = prepare(shared(), sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Connection shared() throws SQLException {
        if (shared == null || !shared.isValid(2)) {
            shared = connect();
        }
        return shared;
    }

    /** A connection of its own, for the caller to close. */
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
