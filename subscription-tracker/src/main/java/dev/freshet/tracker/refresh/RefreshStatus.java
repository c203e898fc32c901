package dev.freshet.tracker.refresh;

/**
 * Where the refresh of a pair stands after a request.
 *
 * @param refresh  {@code none}, {@code queued}, {@code running} or {@code deferred} (due, but its caller
 *                  has caused its share of provider calls for now: nothing queued)
 * @param queuedNow this request put the job on the queue (it was not queued before)
 */
public record RefreshStatus(String refresh, boolean queuedNow) {

    public static final RefreshStatus NONE = new RefreshStatus("none", false);
    public static final RefreshStatus DEFERRED = new RefreshStatus("deferred", false);

    public boolean deferred() {
        return "deferred".equals(refresh);
    }
}
