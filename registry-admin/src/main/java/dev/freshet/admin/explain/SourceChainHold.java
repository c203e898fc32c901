package dev.freshet.admin.explain;

import dev.freshet.shared.aggregation.SourceChain;
import dev.freshet.shared.aggregation.TaskStatus;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RegistrySql;
import dev.freshet.shared.staleness.FreshnessState;
import dev.freshet.shared.staleness.StalenessCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For derived bars: the link of the source chain that holds the pair back, from the bottom up (the
 * fetched 1-minute bars first, then each timeframe's aggregation task). A derived pair can be no
 * fresher than its source, so its state is the worse of its own and its root's.
 */
@ApplicationScoped
public class SourceChainHold {

    /** @param rootState the root pair's state ({@code fresh}, {@code stale}, {@code missing}) */
    public record Hold(String rootState, Explanation.Blocker blocker) {
    }

    private final Pool pool;
    private final StalenessCheck staleness;

    public SourceChainHold(Pool pool, StalenessCheck staleness) {
        this.pool = pool;
        this.staleness = staleness;
    }

    /** Empty for a data type that is not derived bars. */
    public Uni<Optional<Hold>> of(DataType dt, String symbol) {
        if (!SourceChain.derived(dt)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.query(RegistrySql.SELECT_ALL).execute().flatMap(rows -> {
            List<DataType> all = new ArrayList<>();
            rows.forEach(r -> all.add(RegistrySql.map(r)));
            Optional<SourceChain> chain = SourceChain.of(dt, all);
            if (chain.isEmpty()) {
                return Uni.createFrom().item(Optional.of(new Hold(null, new Explanation.Blocker("source_chain",
                        "the source chain of " + dt.dataType() + " is incomplete: a timeframe it is built from has no data type", null))));
            }
            return hold(chain.get(), symbol).map(Optional::of);
        });
    }

    private Uni<Hold> hold(SourceChain chain, String symbol) {
        DataType root = chain.root();
        String[] timeframes = chain.links().stream().map(SourceChain::timeframe).toArray(String[]::new);
        Uni<FreshnessState> rootState = staleness.check(root, List.of(symbol)).map(m -> m.get(symbol).state());
        Uni<Map<String, Row>> tasks = pool.preparedQuery(ExplainSql.CHAIN_TASKS).execute(Tuple.of(symbol, timeframes)).map(rows -> {
            Map<String, Row> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("timeframe"), r));
            return out;
        });
        return Uni.combine().all().unis(rootState, tasks).asTuple().map(t -> {
            String state = t.getItem1().json();
            if (t.getItem1() != FreshnessState.FRESH) {
                return new Hold(state, new Explanation.Blocker("source_chain", "held at its source " + root.dataType()
                        + " of " + symbol + ", which is " + state + (root.acceptsViewers()
                        ? " (viewing this chart queues its fetch)" : ""), null));
            }
            // from the bottom link up: the lowest one that holds holds everything above it
            for (DataType link : chain.links().reversed()) {
                Row task = t.getItem2().get(SourceChain.timeframe(link));
                if (task == null) {
                    return new Hold(state, new Explanation.Blocker("source_chain", "held at " + link.dataType()
                            + ": no aggregation task for " + symbol + " yet (the checker's registry sync creates it)", null));
                }
                if (TaskStatus.HARD_FAILED.equals(task.getString("status"))) {
                    return new Hold(state, new Explanation.Blocker("source_chain", "held at " + link.dataType()
                            + ": its aggregation task is hard_failed (" + task.getString("last_error") + "); an admin resets it", null));
                }
                if (!task.getBoolean("enabled") || !link.enabled()) {
                    return new Hold(state, new Explanation.Blocker("source_chain", "held at " + link.dataType()
                            + ": its aggregation is disabled", null));
                }
            }
            return new Hold(state, null);
        });
    }
}
