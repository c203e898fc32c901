package dev.freshet.processor.transaction;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipelined transaction on the real database: what is sent with {@code BEGIN} and with {@code COMMIT} runs
 * inside the one transaction (even when neither statement is prepared on the connection yet, which the client
 * answers with a prepare first), a failure anywhere rolls it all back and reports the statement's own error, and no
 * connection goes back to the pool inside a transaction.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class PipelinedTransactionTest extends StatementTest {

    @AfterEach
    void noConnectionLeftInATransaction() {
        assertThat(sql.count("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'""")).isZero();
    }

    @Test
    void theStatementsSentWithBeginAndWithCommitRunInOneTransactionThatCommits() {
        AtomicReference<String> middle = new AtomicReference<>();

        String[] xids = PipelinedTransaction.run(pool, tx -> tx.begin(xid(tx))
                        .chain(first -> tx.connection().query("select pg_current_xact_id()::text as xid").execute()
                                .invoke(rows -> middle.set(rows.iterator().next().getString("xid")))
                                .chain(() -> tx.commit(xid(tx)))
                                .map(last -> new String[] {first, last})))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(xids[0]).isNotNull().isEqualTo(middle.get()).isEqualTo(xids[1]);
        assertThat(status(xids[0])).isEqualTo("committed");
    }

    @Test
    void aFailingLastStatementRollsBackTheWholeTransactionAndReportsItsOwnError() {
        AtomicReference<String> first = new AtomicReference<>();

        assertThatThrownBy(() -> PipelinedTransaction.run(pool, tx -> tx.begin(xid(tx)).invoke(first::set)
                        .chain(() -> tx.commit(tx.connection().preparedQuery(unique("select 1 / 0")).execute())))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("22012"));

        assertThat(status(first.get())).isEqualTo("aborted");
    }

    @Test
    void aFailingFirstStatementRollsBackBeforeTheConnectionGoesBackAndNothingAfterItRuns() {
        AtomicBoolean ranOn = new AtomicBoolean();

        assertThatThrownBy(() -> PipelinedTransaction.run(pool, tx -> tx.begin(tx.connection().preparedQuery(unique("select 1 / 0")).execute())
                        .invoke(() -> ranOn.set(true))
                        .chain(() -> tx.commit(xid(tx))))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("22012"));

        assertThat(ranOn).isFalse();
    }

    @Test
    void workThatReturnsWithoutCommittingIsRolledBackAndFails() {
        AtomicReference<String> first = new AtomicReference<>();

        assertThatThrownBy(() -> PipelinedTransaction.run(pool, tx -> tx.begin(xid(tx)).invoke(first::set))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(status(first.get())).isEqualTo("aborted");
    }

    /** The transaction's id from a statement not yet prepared on any connection. */
    private static Uni<String> xid(PipelinedTransaction tx) {
        return tx.connection().preparedQuery(unique("select pg_current_xact_id()::text as xid")).execute()
                .map(PipelinedTransactionTest::only);
    }

    private static String only(RowSet<Row> rows) {
        return rows.iterator().next().getString(0);
    }

    private static String unique(String statement) {
        return statement + " /* " + UUID.randomUUID() + " */";
    }

    private String status(String xid) {
        return (String) sql.value("select pg_xact_status(?::xid8)", xid);
    }
}
