package dev.freshet.processor.complete;

import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** One finish transaction for a set of results. */
interface FinishAttempt {

    /**
     * @param judgeRefusal whether data the database refuses fails the completed jobs (false for a
     *                     group of calls: the caller then finishes each call on its own, so one call's bad
     *                     rows never fail another's jobs)
     */
    Uni<Void> run(DataType dt, List<JobResult> results, FinishWrites writes, boolean judgeRefusal);
}
