package dev.freshet.checker.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every knob of the checker; each is documented in the module README. */
@ConfigMapping(prefix = "freshet.checker")
public interface CheckerConfig {

    /** Names this replica in the execution log; defaults to the host name and process id. */
    Optional<String> instanceId();

    Scheduler scheduler();

    /** A subscription without a heartbeat for this long counts as gone (must match the tracker's). */
    @WithDefault("90s")
    Duration presenceTtl();

    PresenceScan presenceScan();

    ScheduledRefresh scheduledRefresh();

    Recovery recovery();

    PresenceExpiry presenceExpiry();

    History history();

    Freshness freshness();

    Aggregation aggregation();

    PriorityDecay priorityDecay();

    ShadowRetention shadowRetention();

    /** Folds the finishes' usage rows of minutes that are over into one row per provider and minute. */
    UsageFold usageFold();

    /** The schedule of one task: how often it runs, and whether the scheduler runs it at all. */
    interface Periodic {
        Duration every();

        @WithDefault("true")
        boolean enabled();
    }

    interface Scheduler {
        /** Off in tests, which call each task's run(now) themselves. */
        @WithDefault("true")
        boolean enabled();

        /** Server-side limit on every statement of a task run, so a stuck run releases its lock. */
        @WithDefault("120s")
        Duration statementTimeout();

        /** The scheduler health check reports a task overdue after this many missed intervals. */
        @WithDefault("3")
        int overdueAfterIntervals();
    }

    interface PresenceScan extends Periodic {
        /**
         * Refresh-ahead queues a viewed pair once its age passes TTL × (1 − lead): the scan must come
         * round well within the lead (12 s for a 60 s quote at the default 0.2) to catch it before it is stale.
         */
        @Override
        @WithDefault("5s")
        Duration every();
    }

    interface ScheduledRefresh extends Periodic {
        @Override
        @WithDefault("60s")
        Duration every();

        /** Largest share of a provider's remaining quota one run may spend on scheduled work. */
        @WithDefault("0.5")
        double quotaShare();

        /** Symbols read from a target table per data type and run (keyset batch). */
        @WithDefault("5000")
        int batchSize();

        /** Ceiling on scheduled jobs enqueued per data type and run, whatever the quota allows. */
        @WithDefault("1000")
        int maxJobsPerRun();
    }

    interface Recovery extends Periodic {
        @Override
        @WithDefault("30s")
        Duration every();
    }

    interface PresenceExpiry extends Periodic {
        @Override
        @WithDefault("60s")
        Duration every();

        /** Width of a subscription_analytics bucket. */
        @WithDefault("5m")
        Duration analyticsBucket();

        @WithDefault("30d")
        Duration analyticsRetention();
    }

    interface History extends Periodic {
        @Override
        @WithDefault("1h")
        Duration every();

        /** Finished jobs older than this are dropped with their daily partition. */
        @WithDefault("14d")
        Duration retention();

        /** Daily history partitions kept created ahead of today. */
        @WithDefault("7")
        int daysAhead();

        @WithDefault("14d")
        Duration executionLogRetention();

        @WithDefault("true")
        boolean runAtStartup();
    }

    interface Freshness extends Periodic {
        @Override
        @WithDefault("60s")
        Duration every();

        /** Symbols viewed within this window are classified even when their target rows are missing. */
        @WithDefault("1d")
        Duration viewedWithin();
    }

    interface Aggregation extends Periodic {
        @Override
        @WithDefault("60s")
        Duration every();
    }

    interface PriorityDecay extends Periodic {
        @Override
        @WithDefault("15s")
        Duration every();
    }

    interface UsageFold extends Periodic {
        @Override
        @WithDefault("30s")
        Duration every();
    }

    interface ShadowRetention extends Periodic {
        @Override
        @WithDefault("1h")
        Duration every();

        /** Shadow records older than this are deleted: long enough to compare a week of a data type in shadow. */
        @WithDefault("7d")
        Duration retention();

        /** Most records one run deletes, so a large backlog is pruned over several short runs. */
        @WithDefault("50000")
        int maxRowsPerRun();
    }
}
