package dev.freshet.tracker.refresh;

/**
 * Where the refresh of a pair stands after a request.
 *
 * @param refresh  {@code none}, {@code queued} or {@code running}
 * @param queuedNow this request put the job on the queue (it was not queued before)
 */
public record RefreshStatus(String refresh, boolean queuedNow) {

    public static final RefreshStatus NONE = new RefreshStatus("none", false);
}
