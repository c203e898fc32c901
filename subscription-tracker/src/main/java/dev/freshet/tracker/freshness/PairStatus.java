package dev.freshet.tracker.freshness;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.freshet.shared.staleness.PairFreshness;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * What a client is told about one (data type, symbol).
 *
 * @param state     fresh, stale or missing; disabled when the data type's rollout state is off or paused
 * @param updatedAt newest timestamp of the cached rows (absent when missing)
 * @param tracked   presence was recorded for it (false when presence tracking is off for the data type,
 *                  and when its refresh is deferred)
 * @param refresh   none, queued, running or deferred: while a refresh is queued or running, keep showing the
 *                  cached value and re-read it on the {@code refreshed} event; deferred: the caller has
 *                  caused its fair share of provider calls for now, nothing was queued (subscribe again later)
 * @param queued    this request put a refresh on the queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Freshness of one data type for one symbol")
public record PairStatus(
        @Schema(example = "profile") String dataType,
        @Schema(example = "AAPL") String symbol,
        @Schema(enumeration = {"fresh", "stale", "missing", "disabled"}, example = "stale") String state,
        @Schema(example = "2025-11-20T14:03:11Z") Instant updatedAt,
        Boolean tracked,
        @Schema(enumeration = {"none", "queued", "running", "deferred"}, example = "queued") String refresh,
        Boolean queued) {

    /** The state a viewer is told: the data's, unless the data type is off or paused. */
    public static String state(boolean disabled, PairFreshness f) {
        return disabled ? DISABLED : f.state().json();
    }

    public static final String DISABLED = "disabled";
}
