package dev.freshet.processor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The processor's knobs; each is documented in the module README. */
@ConfigMapping(prefix = "freshet")
public interface ProcessorConfig {

    Processor processor();

    /** Per provider: where it is. Keys come from the environment, never from here. */
    Map<String, Provider> providers();

    interface Provider {
        /** Base URL the handler_config paths are relative to. */
        String baseUrl();

        /** Largest response body read from this provider, decompressed; defaults to the processor's. */
        Optional<Long> maxResponseBytes();
    }

    interface Processor {
        /** Identifies this instance in claims, history and circuit state; host name and a random suffix unless set. */
        Optional<String> instanceId();

        /** Whether this instance claims jobs at all (a replica can serve only its API when off). */
        @WithDefault("true")
        boolean enabled();

        /** Independent claim loops in this instance. */
        @WithDefault("2")
        int claimLoops();

        /** Most jobs one claim statement takes. */
        @WithDefault("100")
        int batchSize();

        /**
         * Whether a batch call made for some jobs fills its spare symbol slots with the stalest cached
         * pairs of its data type (about to go stale, no job queued): they are refreshed at no call.
         */
        @WithDefault("true")
        boolean rideAlong();

        /**
         * Whether Mutiny wraps every callback to carry MicroProfile context (CDI request scope, JTA
         * transaction) from where a pipeline was built to where it runs. The processor's pipelines use
         * neither, and the wrapping was the largest single cost per job on the event loop.
         */
        @WithDefault("false")
        boolean mutinyContextPropagation();

        /** Most jobs one loop holds at once (claimed, fetching or writing). */
        @WithDefault("400")
        int maxInFlight();

        /**
         * Largest response body read from a provider, counted as it is decompressed (so it bounds the
         * compressed size too); a larger one is cut off and fails its jobs for good: a gzip bomb
         * never expands in memory.
         */
        @WithDefault("33554432")
        long maxResponseBytes();

        /** Base URL for providers that have no entry under freshet.providers. */
        Optional<String> defaultBaseUrl();

        /** Lease set at claim; renewed while the job runs. */
        @WithDefault("60s")
        Duration lease();

        /** How often leases of running jobs are renewed. */
        @WithDefault("20s")
        Duration leaseRenewEvery();

        /**
         * A claim that has not answered by then is given up, so a connection lost in a database
         * restart can never stall a claim loop for good.
         */
        @WithDefault("30s")
        Duration claimTimeout();

        /**
         * A batch still running after this long is given up: its leases stop being renewed, so the
         * checker's lease recovery returns its jobs to the queue.
         */
        @WithDefault("10m")
        Duration runTimeout();

        /** Fallback poll when no NOTIFY arrives (a lost notification, a job whose run_after just passed). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Wake-ups closer together than this are merged into one claim. */
        @WithDefault("2ms")
        Duration debounce();

        /**
         * How the claim orders due jobs: {@code deadline} (value per call, then the most viewed stale pair or the earliest deadline) or
         * {@code static} (priority, then age).
         */
        @WithDefault("deadline")
        Scheduling scheduling();

        /** Weights of the freshness tiers in the deadline policy's value of a call. */
        TierWeights tierWeights();

        /**
         * Deadline policy: what a job for a pair nobody views (scheduled work, or viewers who left) counts for, in
         * viewers. Below one viewer over the tier weights' whole spread (1/16 at 16/4/1), so a pair somebody
         * looks at goes before any pair nobody does, whatever their tiers; aging still brings unviewed work through.
         */
        @WithDefault("0.03125")
        double unviewedWeight();

        /** Static policy: a pending job gains one priority point per this much waiting, so no job starves. */
        @WithDefault("10s")
        Duration agingStep();

        /**
         * Deadline policy: a pending job's value doubles per this much waited past the later of its
         * deadline and its enqueue, so low-value work still runs when the budget stays short.
         */
        @WithDefault("60s")
        Duration deadlineAgingStep();

        /**
         * Deadline policy: a job whose deadline is further away than this yields to every job within it,
         * whatever its value. Refreshing a pair hours ahead of its deadline buys nothing a refresh just
         * before it would not, while a call spent on a pair that is stale now buys freshness at once.
         */
        @WithDefault("60s")
        Duration deadlineHorizon();

        /**
         * Share of a provider's per-minute call budget usable at the start of each minute; the rest
         * accrues evenly over the minute (1 = the whole budget at once). Keeps a tight budget from
         * being spent in the first second while data keeps going stale all minute long.
         */
        @WithDefault("0.25")
        double quotaPacingBurst();

        /**
         * The paced rest of the per-minute budget has accrued in full this far into the minute, so the
         * last usable calls are claimable while the minute still has time to spend them.
         */
        @WithDefault("45s")
        Duration quotaPacingWindow();

        /**
         * Deadline policy: the least share of each minute's usable calls the lowest tier leaves to the tiers above
         * it until {@link #lowTierReserveUntil()}; more when their viewed pairs used more the minute before (the
         * standard tier's no more than it can still use: its new pairs of that minute and its pairs queued now). A pair
         * of a higher tier that starts being viewed finds a call at once instead of waiting for the next minute
         * behind low-tier work that has taken every call.
         */
        @WithDefault("0.1")
        double lowTierReserve();

        /**
         * How far into each minute the reserve holds, and (deadline policy, while anyone views a pair of the provider)
         * work nobody needs now waits; after it the lowest tier and that work may spend what is left of the minute.
         */
        @WithDefault("55s")
        Duration lowTierReserveUntil();

        /**
         * Deadline policy: a call of a batch-capable data type with room for more symbols, whose pairs are all still fresh
         * (queued ahead of their deadline), waits for more jobs of its type to join it until its first deadline is this
         * close. Enough for a claim, a call and a write; a larger value than the type's refresh lead × TTL never waits.
         */
        @WithDefault("5s")
        Duration batchGatherMargin();

        /**
         * Deadline policy: a call of a batch-capable data type with room for more symbols waits while a call of its type
         * claimed less than this ago is still running, and goes when that call ends: pairs queued a few at a time while a
         * call is out (viewers arriving, a presence scan's jobs) then share one call instead of making one call each.
         * It holds a call at most this long after the one it waits for began. 0 turns it off.
         */
        @WithDefault("1s")
        Duration batchGatherBehindCall();

        /** Shutdown waits this long for running jobs to finish, then releases the rest. */
        @WithDefault("10s")
        Duration shutdownGrace();

        /** The longest a provider's Retry-After keeps a job and the provider waiting; a longer one is cut to this. */
        @WithDefault("1h")
        Duration retryAfterCap();

        /** A job answered 429 this many times ends failed instead of waiting for ever. */
        @WithDefault("10")
        int maxThrottles();

        /** Deadlocks and serialization failures while writing are retried this many times. */
        @WithDefault("3")
        int writeRetries();

        /** Smallest interval between two estimated_bytes corrections of one data type. */
        @WithDefault("30s")
        Duration estimateUpdateEvery();

        Circuit circuit();
    }

    /**
     * What a viewer of a pair of each tier is worth to the deadline policy. Four times apart: a tier outranks
     * up to three viewers of the tier below it, so that a budget which covers a tier's demand spends it on
     * that tier before the ones below (as the operator's tiers say), while aging still lets the tier below
     * through after a couple of minutes.
     */
    interface TierWeights {
        @WithDefault("16")
        double critical();

        @WithDefault("4")
        double standard();

        @WithDefault("1")
        double low();
    }

    interface Circuit {
        /** Consecutive faults (5xx, timeouts, connection errors) that open a provider's circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit stays open before one probe is let through. */
        @WithDefault("30s")
        Duration openFor();
    }
}
