package dev.freshet.processor.incremental;

import java.time.Instant;

/**
 * The next part of an incremental fetch, queued when a job completes with more due.
 *
 * @param coveredThrough the upstream had nothing up to this time (see
 *                       {@link dev.freshet.shared.handler.SymbolOutcome.MoreDue}); null when the stored
 *                       records mark the progress
 */
public record FollowUp(String symbol, Instant coveredThrough) {
}
