package dev.freshet.launcher.faults;

import dev.freshet.launcher.LocalDatabase;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDBC on the stack's database, a connection per call so a database restart leaves nothing
 * stale behind. A {@code List<Long>} parameter is bound as a bigint array.
 */
public final class StackSql {

    private final LocalDatabase db;

    public StackSql(LocalDatabase db) {
        this.db = db;
    }

    /** Queues one manual profile refresh per symbol prefix1..prefixN, many attempts allowed; answers the job ids. */
    List<Long> enqueueProfiles(String prefix, int n) {
        List<Long> ids = new ArrayList<>();
        query("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, max_attempts)
                select 'profile', ? || g, 'fmp', 3000, 'manual', 20 from generate_series(1, ?) g
                returning job_id""", rs -> ids.add(rs.getLong(1)), prefix, n);
        assertThat(ids).hasSize(n);
        return ids;
    }

    /**
     * What the queue and the database's sessions looked like, for a test that waited in vain: the jobs' rows queued
     * and finished, every session with the advisory locks it holds, the providers' limits, use and pauses, the data
     * type and the flags.
     */
    String describe(List<Long> jobs) {
        StringBuilder out = new StringBuilder();
        dump(out, "jobs", """
                select job_id, data_type, provider, origin, status, attempts, max_attempts, run_after - now() as due_in,
                       claimed_by, lease_expires_at - now() as lease_left, reserved_calls, reserved_bytes, last_error
                  from refresh_jobs where job_id = any(?) order by job_id""", jobs);
        dump(out, "history", """
                select job_id, status, attempts, finished_at, last_error
                  from refresh_job_history where job_id = any(?) order by job_id, finished_at""", jobs);
        dump(out, "sessions", """
                select a.pid, a.application_name, a.state, now() - a.xact_start as in_xact, a.wait_event_type, a.wait_event,
                       (select string_agg(l.classid || ':' || l.objid || (case when l.granted then '' else ' (waiting)' end), ', ')
                          from pg_locks l where l.pid = a.pid and l.locktype = 'advisory') as advisory_locks,
                       left(a.query, 120) as query
                  from pg_stat_activity a where a.datname = current_database() order by a.pid""");
        dump(out, "provider state", """
                select q.provider, q.calls_per_minute, q.calls_per_day, q.bytes_per_window,
                       exists (select 1 from provider_pauses p where p.provider = q.provider) as paused,
                       (select sum(u.calls) from api_usage u where u.provider = q.provider) as calls_used,
                       (select sum(u.bytes) from api_usage u where u.provider = q.provider) as bytes_used
                  from provider_quotas q order by q.provider""");
        dump(out, "profile", "select data_type, provider, rollout_state from data_type_registry where data_type = 'profile'");
        dump(out, "flags", "select flag_name, enabled, metadata from feature_flags order by flag_name");
        return out.toString();
    }

    private void dump(StringBuilder out, String title, String sql, Object... params) {
        out.append("-- ").append(title).append('\n');
        query(sql, rs -> {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.append(i == 1 ? "" : " | ").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
            }
            out.append('\n');
        }, params);
    }

    /** Jobs that have ended, completed or failed for good. */
    long finished(List<Long> jobs) {
        return count("select count(*) from refresh_job_history where job_id = any(?)", jobs);
    }

    long completed(List<Long> jobs) {
        return count("select count(*) from refresh_job_history where job_id = any(?) and status = 'completed'", jobs);
    }

    /** Where every job went: completed, failed with a reason, or still queued; none may vanish or finish twice. */
    Accounting assertAccountedFor(List<Long> jobs) {
        long completed = completed(jobs);
        long failedWithReason = count("""
                select count(*) from refresh_job_history
                 where job_id = any(?) and status = 'failed' and last_error is not null""", jobs);
        long queued = count("select count(*) from refresh_jobs where job_id = any(?)", jobs);
        long historyRows = count("select count(*) from refresh_job_history where job_id = any(?)", jobs);
        assertThat(historyRows).as("history rows (one per finished job)").isEqualTo(completed + failedWithReason);
        assertThat(completed + failedWithReason + queued).as("jobs accounted for").isEqualTo(jobs.size());
        return new Accounting(jobs.size(), completed, failedWithReason, queued);
    }

    record Accounting(long enqueued, long completed, long failed, long queued) {
        void completedAll() {
            assertThat(completed).as("completed of %d (failed %d, queued %d)", enqueued, failed, queued).isEqualTo(enqueued);
        }
    }

    public void update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... params) {
        long[] value = {0};
        query(sql, rs -> value[0] = rs.getLong(1), params);
        return value[0];
    }

    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    public void query(String sql, RowReader reader, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof List<?> list) {
                Array array = c.createArrayOf("bigint", list.toArray());
                ps.setArray(i + 1, array);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
        return ps;
    }
}
