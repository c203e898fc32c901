package dev.freshet.shared.queue;

import java.time.Instant;

/**
 * One (symbol, viewers, priority) to enqueue for a data type.
 *
 * @param deadline when the symbol's cached data stops being fresh (newest row + TTL); null when unknown
 *                 (missing data, scheduled work): the job is then due when queued
 */
public record EnqueueCandidate(String symbol, int viewers, int priority, Instant deadline) {
}
