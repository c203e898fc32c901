package dev.freshet.tracker.events;

/** What one event stream carries: where it starts, then each refresh in order (missed ones replayed first). */
sealed interface StreamItem {

    /**
     * @param id          the position the stream starts at (sent as the id of the connected comment)
     * @param resumed     the stream continues from the id the client gave (missed refreshes follow)
     * @param resetReason why the stream could not resume from the id the client gave (it must re-read
     *                    what it shows); null when it resumed or gave none
     */
    record Start(String id, boolean resumed, String resetReason) implements StreamItem {
    }

    record Refresh(ReplayBuffer.Stamped stamped) implements StreamItem {
    }
}
