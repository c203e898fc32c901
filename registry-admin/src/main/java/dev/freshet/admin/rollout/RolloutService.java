package dev.freshet.admin.rollout;

import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RegistrySql;
import dev.freshet.shared.registry.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Moves a data type through its rollout: off → shadow → live, paused, and back in one step. A
 * transition the state does not allow is refused (409) and nothing changes. Switching off cancels the
 * data type's pending jobs in the same transaction (the other system owns the data again); pausing
 * leaves them queued, unclaimed, until the data type resumes. A job running at the change finishes,
 * and writes the live table only if the data type is live when it finishes.
 */
@ApplicationScoped
public class RolloutService {

    private static final Logger LOG = Logger.getLogger(RolloutService.class);

    private final Pool pool;
    private final Clock clock;
    private final ChangeMetrics metrics;

    public RolloutService(Pool pool, Clock clock, ChangeMetrics metrics) {
        this.pool = pool;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<RolloutView> change(String dataType, RolloutRequest request, String actor) {
        if (request == null || request.state() == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("state is required: one of off, shadow, live, paused"));
        }
        RolloutState to = RolloutState.parse(request.state()).orElse(null);
        if (to == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("state must be one of off, shadow, live, paused"));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(RolloutSql.LOCK).execute(Tuple.of(dataType)).flatMap(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                throw ProblemException.notFound("data type '" + dataType + "' does not exist");
            }
            RolloutState from = RolloutState.fromSql(it.next().getString("rollout_state"));
            if (from == to) {
                // asking again for the state it is in changes nothing: a retried rollback is safe
                return conn.preparedQuery(RegistrySql.SELECT_ONE).execute(Tuple.of(dataType))
                        .map(r -> RolloutView.of(RegistrySql.map(r.iterator().next()), null));
            }
            if (!from.next().contains(to)) {
                throw ProblemException.conflict("data type '" + dataType + "' is " + from.sql() + " and cannot go to "
                        + to.sql() + "; from " + from.sql() + " it may go to "
                        + from.next().stream().sorted().map(RolloutState::sql).collect(Collectors.joining(", ")));
            }
            Uni<Integer> cancelled = to == RolloutState.OFF ? cancelPending(conn, dataType, actor) : Uni.createFrom().item(0);
            return cancelled.flatMap(n -> conn.preparedQuery(RolloutSql.SET_STATE)
                    .execute(Tuple.of(dataType, to.sql(), actor, from.sql(), n))
                    .map(r -> {
                        DataType dt = RegistrySql.map(r.iterator().next());
                        LOG.infof("%s moved data type %s from %s to %s (%d pending job(s) cancelled)", actor, dataType,
                                from.sql(), to.sql(), n);
                        metrics.changed("registry", "rollout");
                        return RolloutView.of(dt, n);
                    }));
        }));
    }

    private Uni<Integer> cancelPending(SqlConnection conn, String dataType, String actor) {
        return conn.preparedQuery(RolloutSql.PENDING_JOB_IDS).execute(Tuple.of(dataType)).flatMap(rows -> {
            Long[] ids = rows.iterator().next().getArrayOfLongs("ids");
            if (ids.length == 0) {
                return Uni.createFrom().item(0);
            }
            return conn.preparedQuery(JobSql.ARCHIVE).execute(Tuple.from(Arrays.asList(ids, "cancelled",
                            clock.instant().atOffset(ZoneOffset.UTC), "data type switched off by " + actor, true)))
                    .map(r -> r.rowCount());
        });
    }
}
