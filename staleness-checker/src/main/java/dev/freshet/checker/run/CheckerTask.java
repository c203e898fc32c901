package dev.freshet.checker.run;

import java.util.function.Function;

/**
 * The checker's tasks in one place: each one's name (execution log, metrics, health), its
 * advisory-lock id (unique among the checker's tasks, second half of the lock key) and the
 * configuration group that says how often it runs.
 */
public enum CheckerTask implements TaskDescriptor {

    PRESENCE_SCAN("presence-scan", 1, CheckerConfig::presenceScan),
    SCHEDULED_REFRESH("scheduled-refresh", 2, CheckerConfig::scheduledRefresh),
    LEASE_RECOVERY("lease-recovery", 3, CheckerConfig::recovery),
    PRESENCE_EXPIRY("presence-expiry", 4, CheckerConfig::presenceExpiry),
    HISTORY_MAINTENANCE("history-maintenance", 5, CheckerConfig::history),
    FRESHNESS_CACHE("freshness-cache", 6, CheckerConfig::freshness),
    AGGREGATION_DUE("aggregation-due", 7, CheckerConfig::aggregation),
    PRIORITY_DECAY("priority-decay", 8, CheckerConfig::priorityDecay),
    SHADOW_RETENTION("shadow-retention", 9, CheckerConfig::shadowRetention),
    USAGE_FOLD("usage-fold", 10, CheckerConfig::usageFold);

    private final String taskName;
    private final int lockId;
    private final Function<CheckerConfig, CheckerConfig.Periodic> periodic;

    CheckerTask(String taskName, int lockId, Function<CheckerConfig, CheckerConfig.Periodic> periodic) {
        this.taskName = taskName;
        this.lockId = lockId;
        this.periodic = periodic;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public int lockId() {
        return lockId;
    }

    @Override
    public TaskSchedule schedule(CheckerConfig config) {
        CheckerConfig.Periodic p = periodic.apply(config);
        return new TaskSchedule(p.every(), p.enabled());
    }
}
