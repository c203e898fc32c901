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
    }

    interface Tokens {
        /** HMAC-SHA256 secret for client tokens (at least 32 bytes); when unset, calls need no token. */
        Optional<String> secret();

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
    }
}
