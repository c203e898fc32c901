package dev.freshet.simulator.server;

/** A request the real API would refuse with 400 (missing parameter, unparseable number or date). */
public final class BadRequest extends RuntimeException {

    public BadRequest(String message) {
        super(message);
    }
}
