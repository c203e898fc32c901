package dev.freshet.shared.lifecycle;

import jakarta.interceptor.Interceptor;

/**
 * When start-up work may run. The registry, the flags and a service's other settings are read by start-up observers at
 * the default priority ({@code APPLICATION + 500}); work that acts on them (claiming jobs, running scheduled tasks)
 * starts from an observer at {@link #ONCE_SETTINGS_ARE_READ}, so it never runs against an empty registry.
 */
public final class StartupOrder {

    /** The priority of a start-up observer that starts work depending on the registry, flags or settings. */
    public static final int ONCE_SETTINGS_ARE_READ = Interceptor.Priority.LIBRARY_AFTER;

    private StartupOrder() {
    }
}
