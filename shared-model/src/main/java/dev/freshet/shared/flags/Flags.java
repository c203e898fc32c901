package dev.freshet.shared.flags;

/** The flags the services consult. */
public final class Flags {

    public static final String USE_QUEUE_SYSTEM = "use_queue_system";
    public static final String USE_PRESENCE_TRACKING = "use_presence_tracking";
    public static final String USE_SCHEDULED_REFRESHES = "use_scheduled_refreshes";

    private Flags() {
    }
}
