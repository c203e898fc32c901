package dev.freshet.processor.complete;

import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Ends claims: a call's results go through {@link FinishLanes} (sharing a transaction with other
 * calls of the same data type) or, for in-database writes and unknown data types, straight into
 * their own {@link FinishTransaction}.
 */
@ApplicationScoped
public class JobFinisher {

    private final FinishTransaction transaction;
    private final FinishLanes lanes;

    public JobFinisher(FinishTransaction transaction) {
        this.transaction = transaction;
        this.lanes = new FinishLanes(transaction);
    }

    public Uni<Void> finish(DataType dt, List<JobResult> results, FinishWrites writes) {
        if (dt == null || !writes.sql().isEmpty()) {
            return transaction.run(dt, results, writes, true);
        }
        return lanes.finish(dt, results, writes);
    }
}
