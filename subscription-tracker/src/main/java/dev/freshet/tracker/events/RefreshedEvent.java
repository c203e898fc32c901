package dev.freshet.tracker.events;

import java.time.Instant;

/** A refresh committed by a processor: the front-end should re-read the pair. */
public record RefreshedEvent(String symbol, String dataType, Instant updatedAt) {
}
