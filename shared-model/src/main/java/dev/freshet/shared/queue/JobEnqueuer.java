package dev.freshet.shared.queue;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.tracing.TraceContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Enqueues refresh jobs for one data type in one statement, deduplicated by the hot queue's key. */
@ApplicationScoped
public class JobEnqueuer {

    public Uni<EnqueueResult> enqueue(SqlClient client, DataType dataType, JobOrigin origin, List<EnqueueCandidate> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(new EnqueueResult(Set.of(), Set.of()));
        }
        String[] symbols = new String[candidates.size()];
        Integer[] viewers = new Integer[candidates.size()];
        Integer[] priorities = new Integer[candidates.size()];
        OffsetDateTime[] deadlines = new OffsetDateTime[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            EnqueueCandidate c = candidates.get(i);
            symbols[i] = c.symbol();
            viewers[i] = c.viewers();
            priorities[i] = c.priority();
            deadlines[i] = c.deadline() == null ? null : c.deadline().atOffset(ZoneOffset.UTC);
        }
        Tuple params = Tuple.tuple(List.of(dataType.dataType(), dataType.provider(), origin.sql(),
                dataType.maxAttempts(), dataType.estimatedBytes(), symbols, viewers, priorities, deadlines));
        // Tuple.tuple(List.of(...)) takes no null: the trace context is added on its own
        params.addString(TraceContext.current());
        return client.preparedQuery(JobSql.ENQUEUE).execute(params).map(rows -> {
            Set<String> inserted = new HashSet<>();
            Set<String> raised = new HashSet<>();
            for (Row r : rows) {
                (r.getBoolean("inserted") ? inserted : raised).add(r.getString("symbol"));
            }
            return new EnqueueResult(Set.copyOf(inserted), Set.copyOf(raised));
        });
    }
}
