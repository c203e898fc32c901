package dev.freshet.tracker.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.freshet.tracker.freshness.PairStatus;

import java.time.Instant;
import java.util.List;

/**
 * @param tracking  presence was recorded for every pair (false when the presence flag is off for some)
 * @param note      why something was not recorded, when it was not
 * @param expiresAt when the subscriptions lapse without another heartbeat
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionResponse(String clientId, boolean tracking, String note, Instant expiresAt,
                                   List<PairStatus> subscriptions) {
}
