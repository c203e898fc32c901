package dev.freshet.tracker.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;

/** @param removed live subscriptions ended */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnsubscribeResponse(String clientId, String symbol, int removed) {
}
