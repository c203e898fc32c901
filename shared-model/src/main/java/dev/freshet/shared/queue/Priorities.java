package dev.freshet.shared.queue;

import dev.freshet.shared.registry.DataType;

/**
 * Job priorities: higher runs first. Viewer-driven work always outranks scheduled work (registry
 * priorities are bounded to -100..100), and more viewers outrank fewer.
 */
public final class Priorities {

    public static final int VIEWER_BASE = 1000;
    public static final int MAX_VIEWER_BOOST = 1000;
    public static final int MANUAL = 3000;

    private Priorities() {
    }

    public static int viewer(DataType dataType, int viewers) {
        return VIEWER_BASE + dataType.priority() + Math.min(Math.max(viewers, 1), MAX_VIEWER_BOOST);
    }

    public static int scheduled(DataType dataType) {
        return dataType.priority();
    }
}
