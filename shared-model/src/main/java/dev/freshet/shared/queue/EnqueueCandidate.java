package dev.freshet.shared.queue;

/** One (symbol, viewers, priority) to enqueue for a data type. */
public record EnqueueCandidate(String symbol, int viewers, int priority) {
}
