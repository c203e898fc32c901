package dev.freshet.admin.rollout;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RolloutState;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Where a data type stands in its rollout.
 *
 * @param next     the states it may change to now
 * @param cancelledJobs pending jobs a switch to off cancelled (only in the answer to a change)
 */
public record RolloutView(String dataType, String displayName, String rolloutState, List<String> next,
                          int version, Instant updatedAt, String updatedBy, Integer cancelledJobs) {

    static RolloutView of(DataType d, Integer cancelledJobs) {
        return new RolloutView(d.dataType(), d.displayName(), d.rolloutState().sql(),
                d.rolloutState().next().stream().sorted(Comparator.naturalOrder()).map(RolloutState::sql).toList(),
                d.version(), d.updatedAt(), d.updatedBy(), cancelledJobs);
    }
}
