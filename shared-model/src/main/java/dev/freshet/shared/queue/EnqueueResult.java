package dev.freshet.shared.queue;

import java.util.Set;

/**
 * @param inserted symbols for which a new job was queued
 * @param raised   symbols whose already-queued job got a higher priority or viewer count
 *                 (every other candidate was already queued at least as high)
 */
public record EnqueueResult(Set<String> inserted, Set<String> raised) {

    public int insertedCount() {
        return inserted.size();
    }
}
