package dev.freshet.shared.handler;

/** How a failed refresh is treated. */
public enum FailureKind {
    /** Timeout, connection error, 5xx: retried with backoff, and counted against the provider's circuit. */
    FAULT,
    /** 429: retried after Retry-After, slows the provider's claims, never opens the circuit, spends no attempt. */
    THROTTLED,
    /** Other 4xx, malformed body, validation or sanity failure: failed at once. */
    PERMANENT,
    /**
     * The provider has nothing for the symbol (no records, or HTTP 404): failed at once like
     * {@link #PERMANENT}, and remembered in the negative cache so repeats queue nothing for a while.
     */
    NOT_FOUND,
    /** Not attempted (circuit open, shutting down): back to the queue without spending an attempt. */
    NOT_ATTEMPTED
}
