package dev.freshet.checker.presence;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.Savepoint;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.universe.SymbolGate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Presence-driven staleness: for every data type people are viewing, one statement finds the
 * viewed pairs whose data is stale or due for a refresh ahead of its deadline (older than
 * TTL × (1 − refresh lead)) and not yet queued, and one enqueue queues them with their
 * viewer-count priority and deadline (lowering the boost of jobs whose viewers left is the
 * priority-decay task's job).
 * When a target table cannot be read, its viewed pairs count as stale (fail-safe).
 */
@ApplicationScoped
public class PresenceScan implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(PresenceScan.class);
    private static final Savepoint PER_TYPE = new Savepoint("presence_scan_type");

    private final Registry registry;
    private final FeatureFlags flags;
    private final JobEnqueuer enqueuer;
    private final SymbolGate gate;
    private final CheckerConfig config;

    public PresenceScan(Registry registry, FeatureFlags flags, JobEnqueuer enqueuer, SymbolGate gate, CheckerConfig config) {
        this.registry = registry;
        this.flags = flags;
        this.enqueuer = enqueuer;
        this.gate = gate;
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.PRESENCE_SCAN;
    }

    @Override
    public boolean permitted() {
        return !scanned().isEmpty();
    }

    private List<DataType> scanned() {
        return registry.all().stream()
                .filter(DataType::acceptsViewers)
                .filter(dt -> flags.enabled(Flags.USE_PRESENCE_TRACKING, dt.dataType()))
                .toList();
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        Instant presentAfter = now.minus(config.presenceTtl());
        JsonObject perType = new JsonObject();
        JsonArray failSafe = new JsonArray();
        return Multi.createFrom().iterable(scanned())
                .onItem().transformToUniAndConcatenate(dt -> scan(tx, dt, now, presentAfter, failSafe)
                        .invoke(r -> perType.put(dt.dataType(), r.json())))
                .collect().asList()
                .map(results -> {
                    int examined = results.stream().mapToInt(TypeResult::examined).sum();
                    int enqueued = results.stream().mapToInt(TypeResult::enqueued).sum();
                    int raised = results.stream().mapToInt(TypeResult::raised).sum();
                    int unknown = results.stream().mapToInt(TypeResult::unknown).sum();
                    if (enqueued > 0) {
                        LOG.infof("presence scan: %d viewed pairs, %d refreshes queued, %d raised", examined, enqueued, raised);
                    }
                    return new TaskOutcome(examined, enqueued, new JsonObject()
                            .put("raised", raised).put("unknownSymbols", unknown).put("failSafe", failSafe)
                            .put("dataTypes", perType));
                });
    }

    private Uni<TypeResult> scan(SqlConnection tx, DataType dt, Instant now, Instant presentAfter, JsonArray failSafe) {
        Tuple dueParams = Tuple.of(dt.dataType(), Times.utc(presentAfter), Times.utc(now.minus(dt.refreshAheadAge())), dt.ttlSeconds());
        // a savepoint keeps one unreadable target table from aborting the whole run's transaction
        Uni<Row> judged = PER_TYPE.run(tx, () -> tx.preparedQuery(PresenceScanSql.dueViewed(dt)).execute(PresenceScanSql.dueParams(dt, dueParams)))
                .map(rows -> rows.iterator().next())
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("presence scan cannot read %s (%s), treating its viewed pairs as stale", dt.dataType(), e.getMessage());
                    failSafe.add(dt.dataType());
                    return tx.preparedQuery(PresenceScanSql.ALL_VIEWED)
                            .execute(Tuple.of(dt.dataType(), Times.utc(presentAfter)))
                            .map(rows -> rows.iterator().next());
                });
        return judged.flatMap(row -> {
            int examined = row.getInteger("examined");
            String[] symbols = row.getArrayOfStrings("symbols");
            Integer[] viewers = row.getArrayOfIntegers("viewers");
            OffsetDateTime[] deadlines = row.getArrayOfOffsetDateTimes("deadlines");
            // symbols the provider does not know (outside its universe, remembered as not found) queue nothing
            return gate.blockedOrFail(tx, dt, List.of(symbols)).flatMap(blocked -> {
                List<EnqueueCandidate> candidates = new ArrayList<>(symbols.length);
                for (int i = 0; i < symbols.length; i++) {
                    if (blocked.containsKey(symbols[i])) {
                        continue;
                    }
                    Instant deadline = deadlines[i] == null ? null : deadlines[i].toInstant();
                    candidates.add(new EnqueueCandidate(symbols[i], viewers[i], Priorities.viewer(dt, viewers[i]), deadline));
                }
                return enqueuer.enqueue(tx, dt, JobOrigin.VIEWER, candidates)
                        .map(result -> new TypeResult(examined, result.insertedCount(), result.raised().size(), blocked.size()));
            });
        });
    }

    private record TypeResult(int examined, int enqueued, int raised, int unknown) {
        JsonObject json() {
            return new JsonObject().put("examined", examined).put("enqueued", enqueued).put("raised", raised)
                    .put("unknownSymbols", unknown);
        }
    }
}
