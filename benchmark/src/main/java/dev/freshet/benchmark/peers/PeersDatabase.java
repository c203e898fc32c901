package dev.freshet.benchmark.peers;

import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.Migrations;
import dev.freshet.launcher.ServiceLogins;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.queue.Priorities;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Freshet's schema in the peers harness's database: wiped and migrated at the start of every call, the
 * simulated provider's budget lifted, jobs queued with the services' own enqueue statement.
 */
public final class PeersDatabase implements AutoCloseable {

    /** The provider of the data types measured, its quota lifted and its pause used to hold the start. */
    public static final String PROVIDER = "fmp";
    private static final String PAUSED_BY = "peers-bench";

    private final LocalDatabase db;
    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    public PeersDatabase(LocalDatabase db) {
        this.db = db;
        PgConnectOptions connect = PgConnectOptions.fromUri(db.url()).setUser(db.user()).setPassword(db.password())
                .setCachePreparedStatements(true);
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
    }

    public LocalDatabase database() {
        return db;
    }

    /**
     * Drops everything of an earlier run (the whole {@code public} schema, after ending other sessions on
     * this database, such as a processor left by a killed run), migrates, creates the services' logins and
     * lifts the provider's budget so that the quota is not what is measured.
     *
     * @return the processor's login
     */
    public ServiceLogins.Login reset() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
            st.execute("drop schema if exists public cascade");
            // as PostgreSQL 15 creates it: owned by the database owner, usable by everyone
            st.execute("create schema public authorization pg_database_owner");
            st.execute("grant usage on schema public to public");
        }
        Migrations.apply(db);
        Map<String, ServiceLogins.Login> logins = ServiceLogins.create(db);
        execute("""
                update provider_quotas set calls_per_minute = null, calls_per_day = null, bytes_per_window = null,
                       bytes_window_seconds = null, max_concurrency = 64 where provider = '%s'""".formatted(PROVIDER));
        return logins.getOrDefault("queue-processor", new ServiceLogins.Login(db.user(), db.password()));
    }

    /** The operator's pause: processors claim none of the provider's jobs until {@link #resume}. */
    public void pause() throws SQLException {
        execute("insert into provider_pauses (provider, paused_by, reason) values ('%s', '%s', 'held until the clock starts')"
                .formatted(PROVIDER, PAUSED_BY));
    }

    /**
     * Lifts the pause and wakes the processors in the same transaction: a resume alone would wait for
     * their fallback poll.
     */
    public void resume() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("delete from provider_pauses where provider = '" + PROVIDER + "'");
                st.execute("select pg_notify('freshet_jobs', '')");
            }
            c.commit();
        }
    }

    /** Queues {@code symbols} as manual jobs of a data type with {@link JobSql#ENQUEUE}, autocommitted. */
    public int enqueue(String dataType, List<String> symbols) throws Exception {
        int[] settings = dataTypeSettings(dataType);
        return enqueue(dataType, settings[0], settings[1], symbols);
    }

    /** {@link #enqueue(String, List)} with the data type's max_attempts and estimated_bytes already read. */
    public int enqueue(String dataType, int maxAttempts, int estimatedBytes, List<String> symbols) throws Exception {
        Integer[] viewers = new Integer[symbols.size()];
        Integer[] priorities = new Integer[symbols.size()];
        Arrays.fill(viewers, 0);
        Arrays.fill(priorities, Priorities.MANUAL);
        Tuple params = Tuple.of(dataType, PROVIDER, JobOrigin.MANUAL.sql(), maxAttempts, (long) estimatedBytes,
                symbols.toArray(String[]::new), viewers, priorities, new OffsetDateTime[symbols.size()]);
        params.addValue(null);
        return await(pool.preparedQuery(JobSql.ENQUEUE).execute(params)).rowCount();
    }

    /** {max_attempts, estimated_bytes} of a data type from the registry. */
    public int[] dataTypeSettings(String dataType) throws SQLException {
        try (Connection c = connect(); var ps = c.prepareStatement(
                "select max_attempts, estimated_bytes from data_type_registry where data_type = ?")) {
            ps.setString(1, dataType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no data type " + dataType + " in the registry");
                }
                return new int[] {rs.getInt(1), (int) rs.getLong(2)};
            }
        }
    }

    /** What the peers do before their workers start: fresh statistics, no dirty pages left to write. */
    public void vacuumAndCheckpoint() throws SQLException {
        execute("vacuum analyze refresh_jobs");
        execute("vacuum analyze refresh_job_history");
        execute("checkpoint");
    }

    public long number(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A connection of its own, autocommitted, for the caller to close. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        await(pool.close());
        await(vertx.close());
    }
}
