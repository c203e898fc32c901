package dev.freshet.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "freshet.admin")
public interface AdminConfig {

    Security security();

    /** A subscription without a heartbeat for this long no longer counts as a viewer (explain). */
    @WithDefault("90s")
    Duration presenceTtl();

    /** Page size when a list request names none. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest page a list request may ask for. */
    @WithDefault("500")
    int maxPageSize();

    /** Window of the reports when a request names none (scheduler health, bottlenecks, queue stats). */
    @WithDefault("24h")
    Duration reportWindow();

    /** How far back the scheduler-health report looks for each task's last run. */
    @WithDefault("7d")
    Duration schedulerLookback();

    /** A task whose last run started longer ago than this makes scheduler health degraded. */
    @WithDefault("15m")
    Duration schedulerSilenceAfter();

    /** Recent period whose usage rate projects when a quota runs out. */
    @WithDefault("15m")
    Duration forecastRateWindow();

    /** How often the subscription-viewer and aggregation-quality gauges are read from the database. */
    @WithDefault("60s")
    Duration collectedDataMetricsInterval();

    /** How many worst offenders the staleness report lists. */
    @WithDefault("10")
    int worstOffenders();

    interface Security {
        /** The local administrator; without a password one is generated at first start and written to {@link #generatedPasswordFile()}. */
        LocalUser admin();

        /** The local read-only user; only active when a password is configured. */
        LocalUser viewer();

        /** Realm named in the WWW-Authenticate challenge. */
        @WithDefault("freshet")
        String realm();

        /**
         * Where a generated admin password is written (once, readable by the service user only);
         * the log names this file, never the password.
         */
        @WithDefault("admin-password")
        Path generatedPasswordFile();

        /** Threads that check and hash passwords (PBKDF2), apart from the request worker pool. */
        @WithDefault("2")
        int hashingThreads();

        /** Password checks waiting for those threads; more are refused at once. */
        @WithDefault("32")
        int hashingQueue();

        Throttle loginThrottle();

        /** Local users (HTTP Basic) accepted; turned off when OIDC is the only way in. */
        @WithDefault("true")
        boolean localUsersEnabled();
    }

    /** Failed Basic logins: how many before a lockout, per username and per client address. */
    interface Throttle {
        @WithDefault("5")
        int usernameThreshold();

        @WithDefault("50")
        int addressThreshold();

        /** Failures further apart than this start counting again. */
        @WithDefault("15m")
        Duration window();

        /** The first lockout; each further failure doubles it. */
        @WithDefault("5s")
        Duration lockout();

        @WithDefault("15m")
        Duration maxLockout();
    }

    interface LocalUser {
        String username();

        Optional<String> password();
    }
}
