package dev.freshet.processor.transaction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * A transaction whose {@code BEGIN} is sent with its first statement and whose {@code COMMIT} with its last.
 * {@code Pool.withTransaction} waits for the answer of each before sending the next, so a claim (lock the
 * budgets, then claim) took four round trips between the wake-up and its jobs; the pg client pipelines
 * commands sent before earlier ones are answered, and PostgreSQL runs them in order, so here it takes two.
 * The client keeps them in order even when a statement is not prepared on the connection yet (it holds
 * later commands until the prepare is answered). A statement that fails aborts the transaction and the
 * {@code COMMIT} behind it ends it as a rollback; a failure before the {@code COMMIT} is sent rolls back
 * explicitly before the connection goes back to the pool.
 */
public final class PipelinedTransaction {

    private final SqlConnection connection;
    private boolean ending;

    private PipelinedTransaction(SqlConnection connection) {
        this.connection = connection;
    }

    /** Runs {@code work} on a pooled connection; it must start with {@link #begin} and end with {@link #commit}. */
    public static <T> Uni<T> run(Pool pool, Function<PipelinedTransaction, Uni<T>> work) {
        return pool.withConnection(conn -> {
            PipelinedTransaction tx = new PipelinedTransaction(conn);
            return work.apply(tx).onFailure().call(tx::rollbackUnlessEnding).call(tx::endedWithCommit);
        });
    }

    /** The transaction's connection, for the statements between the first and the last. */
    public SqlConnection connection() {
        return connection;
    }

    /** {@code BEGIN} and {@code first} (a statement on {@link #connection()}, not yet subscribed) sent together. */
    public <T> Uni<T> begin(Uni<T> first) {
        return Uni.combine().all().unis(connection.query("BEGIN").execute(), first).collectFailures().asTuple().map(Tuple2::getItem2);
    }

    /** {@code last} (a statement on {@link #connection()}, not yet subscribed, or an item) and {@code COMMIT} sent together. */
    public <T> Uni<T> commit(Uni<T> last) {
        ending = true;
        return Uni.combine().all().unis(last, connection.query("COMMIT").execute()).collectFailures().asTuple().map(Tuple2::getItem1);
    }

    /** Work that returned without {@link #commit} must not leave its transaction open on a pooled connection. */
    private Uni<Void> endedWithCommit() {
        if (ending) {
            return Uni.createFrom().voidItem();
        }
        return rollbackUnlessEnding().chain(() -> Uni.createFrom().failure(new IllegalStateException("transaction ended without commit")));
    }

    private Uni<Void> rollbackUnlessEnding() {
        if (ending) {
            return Uni.createFrom().voidItem();
        }
        return connection.query("ROLLBACK").execute().replaceWithVoid().onFailure().recoverWithNull();
    }
}
