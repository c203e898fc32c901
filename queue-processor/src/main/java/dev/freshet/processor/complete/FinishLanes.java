package dev.freshet.processor.complete;

import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups the finishes of one data type: at most {@link #IN_FLIGHT} finish transactions run at once;
 * whatever arrives meanwhile is finished together in the next one (one upsert, one FINISH_JOBS), so
 * the provider's usage row (whose lock every finish takes) and the commit are paid once per group
 * instead of once per call.
 */
final class FinishLanes {

    static final int IN_FLIGHT = 2;

    /** One call's finish waiting to share a transaction with others of the same data type. */
    private record Part(DataType dt, List<JobResult> results, FinishWrites writes, UniEmitter<? super Void> emitter) {
    }

    private final FinishAttempt attempt;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    FinishLanes(FinishAttempt attempt) {
        this.attempt = attempt;
    }

    Uni<Void> finish(DataType dt, List<JobResult> results, FinishWrites writes) {
        return Uni.createFrom().emitter(e -> lanes.computeIfAbsent(dt.dataType(), k -> new Lane())
                .add(new Part(dt, results, writes, e)));
    }

    private final class Lane {
        private final List<Part> waiting = new ArrayList<>();
        private int inFlight;

        void add(Part p) {
            synchronized (this) {
                waiting.add(p);
            }
            drain();
        }

        private void drain() {
            List<Part> group;
            synchronized (this) {
                if (inFlight >= IN_FLIGHT || waiting.isEmpty()) {
                    return;
                }
                inFlight++;
                group = new ArrayList<>(waiting);
                waiting.clear();
            }
            run(group).subscribe().with(x -> done(), e -> done());
        }

        private void done() {
            synchronized (this) {
                inFlight--;
            }
            drain();
        }
    }

    /** Parts whose rows map the same columns share one upsert (a missing field must not null a stored column). */
    private Uni<Void> run(List<Part> group) {
        if (group.size() == 1) {
            // nothing to group: the common case under a steady load, which need not read every row's columns
            return runAlone(group.get(0));
        }
        Map<Set<String>, List<Part>> byColumns = new LinkedHashMap<>();
        for (Part p : group) {
            byColumns.computeIfAbsent(columns(p), k -> new ArrayList<>()).add(p);
        }
        List<Uni<Void>> each = new ArrayList<>();
        byColumns.values().forEach(parts -> each.add(runTogether(parts)));
        return Uni.join().all(each).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    /** The columns a part's rows map. */
    private static Set<String> columns(Part p) {
        return UpsertRows.columns(p.writes().allRows());
    }

    private Uni<Void> runTogether(List<Part> group) {
        if (group.size() == 1) {
            return runAlone(group.get(0));
        }
        List<JobResult> results = new ArrayList<>();
        List<SymbolOutcome.Rows> rows = new ArrayList<>();
        List<FollowUp> next = new ArrayList<>();
        for (Part p : group) {
            results.addAll(p.results());
            rows.addAll(p.writes().rows());
            next.addAll(p.writes().followUps());
        }
        return attempt.run(group.get(0).dt(), results, new FinishWrites(rows, List.of(), next), false)
                .invoke(() -> group.forEach(p -> p.emitter().complete(null)))
                // one bad part must not fail the others: finish each on its own
                .onFailure().recoverWithUni(e -> Uni.join().all(group.stream().map(this::runAlone).toList())
                        .andCollectFailures().replaceWithVoid())
                .onFailure().recoverWithNull();
    }

    private Uni<Void> runAlone(Part p) {
        return attempt.run(p.dt(), p.results(), p.writes(), true)
                .invoke(() -> p.emitter().complete(null))
                .onFailure().invoke(e -> p.emitter().fail(e))
                .onFailure().recoverWithNull();
    }
}
