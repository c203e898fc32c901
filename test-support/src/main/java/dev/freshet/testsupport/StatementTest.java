package dev.freshet.testsupport;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test of named SQL statements on the real database (every {@code …Sql} statement has one): the application's own
 * reactive pool runs a statement as its service does, with its service's role; {@link TestSql} prepares rows and
 * checks their effect.
 */
public abstract class StatementTest {

    /** The application's own connection pool. */
    @Inject
    protected Pool pool;

    protected final TestSql sql = TestSql.current();

    /** Runs a statement on the application's pool; its rows. A parameter may be null. */
    protected List<Row> execute(String statement, Object... params) {
        return execute(statement, Tuple.tuple(new ArrayList<>(Arrays.asList(params))));
    }

    /** Runs a statement on the application's pool; how many rows it changed (a query: returned). */
    protected int rowCount(String statement, Object... params) {
        return pool.preparedQuery(statement).execute(Tuple.tuple(new ArrayList<>(Arrays.asList(params))))
                .await().atMost(Duration.ofSeconds(10)).rowCount();
    }

    protected List<Row> execute(String statement, Tuple params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(statement).execute(params).await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }
}
