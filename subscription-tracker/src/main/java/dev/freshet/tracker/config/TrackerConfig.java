package dev.freshet.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every knob of the tracker; documented in the module README. */
@ConfigMapping(prefix = "freshet.tracker")
public interface TrackerConfig {

    /** A subscription without a heartbeat for this long counts as gone. */
    @WithDefault("90s")
    Duration presenceTtl();

    /** Requests arriving within this window share one presence upsert and one staleness query per data type. */
    @WithDefault("5ms")
    Duration coalesceWindow();

    /** A coalesced batch is flushed early once it holds this many items. */
    @WithDefault("2000")
    int coalesceMaxBatch();

    /**
     * A client's heartbeats write its presence at most this often (per instance); heartbeats in
     * between are answered from memory. Capped at half the presence TTL; 0 writes every heartbeat.
     */
    @WithDefault("10s")
    Duration heartbeatWriteInterval();

    Limits limits();

    RateLimit rateLimit();

    Tokens tokens();

    Events events();

    FairShare fairShare();

    /** Fresh answers are remembered until their TTL ends (data only ever gets newer); 0 turns that off. */
    @WithDefault("100000")
    int freshCacheMaxEntries();

    interface Limits {
        @WithDefault("^[A-Z0-9^][A-Z0-9.^=_-]{0,19}$")
        String symbolPattern();

        @WithDefault("128")
        int maxClientIdLength();

        @WithDefault("20")
        int maxDataTypesPerRequest();

        @WithDefault("50")
        int maxSymbolsPerBatch();

        @WithDefault("500")
        int maxSubscriptionsPerClient();

        @WithDefault("100")
        int maxEventSymbols();

        @WithDefault("1000")
        int maxDataRows();
    }

    interface RateLimit {
        /** Sustained requests per second per client; 0 turns rate limiting off. */
        @WithDefault("20")
        double requestsPerSecond();

        /** Requests a client may send at once before the sustained rate applies. */
        @WithDefault("40")
        int burst();

        /**
         * Calls without a verified token also share a bucket per address with this many times a client's
         * rate and burst, so inventing client ids does not multiply the rate.
         */
        @WithDefault("5")
        int perAddressMultiple();

        /** Clients whose buckets are held in memory; past it the least valuable bucket is evicted. */
        @WithDefault("100000")
        long maxClients();
    }

    interface FairShare {
        /** New viewer jobs (provider calls) one caller may cause a minute, over every replica; 0 turns the fair share off. */
        @WithDefault("60")
        int callsPerClientPerMinute();

        /**
         * Share of each provider's on-demand budget that all unauthenticated callers together may cause a
         * minute; 0.05 of the default 20 % reserve is 1 % of the provider's budget.
         */
        @WithDefault("0.05")
        double unauthenticatedShare();
    }

    interface Tokens {
        /** HMAC-SHA256 secret for client tokens (at least 32 bytes); when unset, calls need no token. */
        Optional<String> secret();

        /**
         * With a secret: whether every call needs a token (true), or a token is verified when sent and a
         * call without one is served as unauthenticated (false: signed-in users with tokens beside
         * anonymous visitors, who get the unauthenticated share of provider calls).
         */
        @WithDefault("true")
        boolean required();

        /** Tokens expiring further ahead than this are refused. */
        @WithDefault("24h")
        Duration maxLifetime();
    }

    interface Events {
        /** A comment line is sent this often so proxies keep the stream open. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Refresh events kept for streams that reconnect with the id of the last event they saw. */
        @WithDefault("2000")
        int replayBuffer();

        /** How long a refresh event stays replayable; a stream gone for longer is told to re-read. */
        @WithDefault("2m")
        Duration replayWindow();

        /** Open streams of one client (its token's client, else its address); one more is 429. */
        @WithDefault("8")
        int maxStreamsPerClient();

        /** Open streams of this instance; one more is 503. */
        @WithDefault("10000")
        int maxStreams();

        /** The Retry-After of a stream refused by either cap. */
        @WithDefault("30s")
        Duration capRetryAfter();
    }
}
