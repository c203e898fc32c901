package dev.freshet.tracker.guard;

/**
 * Who a call comes from, as far as the tracker can tell.
 *
 * @param clientId the client the call names or its token names (null when neither does)
 * @param subject  the client its verified token was issued to (null when tokens are off)
 * @param address  the client's address ({@link ClientAddress})
 */
public record Caller(String clientId, String subject, String address) {

    /** Whether a verified token vouches for the caller. */
    public boolean authenticated() {
        return subject != null;
    }

    /**
     * The one key a caller cannot change at will: its token's client, else its address (a client id
     * costs nothing to invent, so unauthenticated callers share the key of their address).
     */
    public String key() {
        return authenticated() ? "sub:" + subject : "ip:" + address;
    }
}
