package dev.freshet.tracker.freshness;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.freshet.shared.staleness.PairFreshness;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * What a client is told about one (data type, symbol).
 *
 * @param state     fresh, stale, missing, or unknown: the provider does not know the symbol (it is
 *                  outside the provider's loaded symbol universe, or the provider answered not found
 *                  for it lately), so nothing is queued for it;
 *                  disabled when the data type's rollout state is off or paused
 * @param updatedAt newest timestamp of the cached rows (absent when missing)
 * @param tracked   presence was recorded for it (false when presence tracking is off for the data type,
 *                  and when its refresh is deferred)
 * @param refresh   none, queued, running or deferred: while a refresh is queued or running, keep showing the
 *                  cached value and re-read it on the {@code refreshed} event; deferred: the caller has
 *                  caused its fair share of provider calls for now, nothing was queued (subscribe again later)
 * @param queued    this request put a refresh on the queue
 * @param notFoundUntil for {@code unknown} because the provider answered not found: until when nothing
 *                  is queued for it (then it is asked for again)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Freshness of one data type for one symbol")
public record PairStatus(
        @Schema(example = "profile") String dataType,
        @Schema(example = "AAPL") String symbol,
        @Schema(enumeration = {"fresh", "stale", "missing", "unknown", "disabled"}, example = "stale") String state,
        @Schema(example = "2025-11-20T14:03:11Z") Instant updatedAt,
        Boolean tracked,
        @Schema(enumeration = {"none", "queued", "running", "deferred"}, example = "queued") String refresh,
        Boolean queued,
        @Schema(example = "2025-11-20T15:03:11Z") Instant notFoundUntil) {

    public static final String UNKNOWN = "unknown";

    public PairStatus(String dataType, String symbol, String state, Instant updatedAt, Boolean tracked, String refresh,
                      Boolean queued) {
        this(dataType, symbol, state, updatedAt, tracked, refresh, queued, null);
    }

    /** The state a viewer is told: the data's, unless the data type is off or paused. */
    public static String state(boolean disabled, PairFreshness f) {
        return disabled ? DISABLED : f.state().json();
    }

    public static final String DISABLED = "disabled";
}
