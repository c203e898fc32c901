package dev.freshet.tracker.refresh;

import dev.freshet.shared.universe.SymbolBlock;

/**
 * Where the refresh of a pair stands after a request.
 *
 * @param refresh  {@code none}, {@code queued}, {@code running} or {@code deferred} (due, but its caller
 *                  has caused its share of provider calls for now: nothing queued)
 * @param queuedNow this request put the job on the queue (it was not queued before)
 * @param blocked   why nothing was queued for a symbol the provider does not know (outside its
 *                  universe, or remembered as not found); null otherwise
 */
public record RefreshStatus(String refresh, boolean queuedNow, SymbolBlock blocked) {

    public static final RefreshStatus NONE = new RefreshStatus("none", false, null);
    public static final RefreshStatus DEFERRED = new RefreshStatus("deferred", false, null);

    public RefreshStatus(String refresh, boolean queuedNow) {
        this(refresh, queuedNow, null);
    }

    public static RefreshStatus blocked(SymbolBlock block) {
        return new RefreshStatus("none", false, block);
    }

    public boolean deferred() {
        return "deferred".equals(refresh);
    }
}
