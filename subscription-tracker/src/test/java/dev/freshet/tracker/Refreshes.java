package dev.freshet.tracker;

import dev.freshet.testsupport.TestSql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Refreshes committed the way a processor commits them: the row and its notification in one transaction. */
public final class Refreshes {

    private Refreshes() {
    }

    public static void commitProfile(TestSql sql, String symbol) {
        try (Connection c = sql.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into profiles (symbol, company_name, refreshed_at) values (?, 'Evented', now())
                    on conflict (symbol) do update set refreshed_at = excluded.refreshed_at""")) {
                ps.setString(1, symbol);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    select pg_notify('freshet_refreshed', json_build_object('dataType', 'profile', 'symbol', ?::text,
                        'updatedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text)""")) {
                ps.setString(1, symbol);
                ps.execute();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
