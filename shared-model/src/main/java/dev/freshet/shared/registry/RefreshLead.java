package dev.freshet.shared.registry;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Refresh-ahead lead of a data type ({@code handler_config.refreshLead}): the share of the TTL before
 * it ends at which a viewed pair is queued, so that with budget to spare the refresh lands before the
 * data goes stale. 0 queues only stale pairs; it must stay below 1 (1 would refresh continuously).
 */
public final class RefreshLead {

    public static final String FIELD = "refreshLead";
    public static final double DEFAULT = 0.2;

    private RefreshLead() {
    }

    /** The lead configured, or the default when unset or invalid. */
    public static double of(JsonObject handlerConfig) {
        Object v = handlerConfig == null ? null : handlerConfig.getValue(FIELD);
        if (v instanceof Number n && valid(n.doubleValue())) {
            return n.doubleValue();
        }
        return DEFAULT;
    }

    /** What is wrong with the configured lead, if anything (unset is fine). */
    public static List<String> problems(JsonObject handlerConfig) {
        Object v = handlerConfig == null ? null : handlerConfig.getValue(FIELD);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof Number n) || !valid(n.doubleValue())) {
            return List.of("handler_config." + FIELD + " must be a number from 0 (queue when stale) to below 1, was " + v);
        }
        return List.of();
    }

    private static boolean valid(double lead) {
        return lead >= 0 && lead < 1 && !Double.isNaN(lead);
    }
}
