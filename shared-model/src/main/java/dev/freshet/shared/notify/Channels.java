package dev.freshet.shared.notify;

/** The LISTEN/NOTIFY channels the services meet on. */
public final class Channels {

    /** Fired by a trigger on every enqueue; wakes processors. Payload empty. */
    public static final String JOBS = "freshet_jobs";

    /** Fired by the processor when a refresh commits. Payload: {"dataType","symbol","updatedAt"}. */
    public static final String REFRESHED = "freshet_refreshed";

    /** Fired by triggers on registry, flag and quota changes. Payload: the table name. */
    public static final String CONFIG = "freshet_config";

    private Channels() {
    }
}
