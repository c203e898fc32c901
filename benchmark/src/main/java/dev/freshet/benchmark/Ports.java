package dev.freshet.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A free local TCP port. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
