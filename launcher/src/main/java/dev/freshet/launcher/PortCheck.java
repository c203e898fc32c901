package dev.freshet.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before anything starts: every port the stack will listen on is free, and each is named with the option that moves
 * it, so a clash reads as one line to act on rather than a service dying half-way through the start.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /**
     * {@code count} ports free right now and distinct from each other: every socket stays open until all are picked, since
     * the kernel may hand a just-closed ephemeral port out again.
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port was only being held, not used
                }
            }
        }
    }

    /** The `up` options that put the database, the simulator and every service's two ports on distinct free ports. */
    public static List<String> freePortOptions() {
        int[] ports = freePorts(2 + 2 * LaunchOptions.SERVICES.size());
        List<String> options = new ArrayList<>(List.of("--db-port", String.valueOf(ports[0]), "--simulator-port", String.valueOf(ports[1])));
        for (int i = 0; i < LaunchOptions.SERVICES.size(); i++) {
            String service = LaunchOptions.shortName(LaunchOptions.SERVICES.get(i));
            options.addAll(List.of("--port", service + "=" + ports[2 + 2 * i], "--management-port", service + "=" + ports[3 + 2 * i]));
        }
        return options;
    }

    /** One port free right now. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /** The ports `up` listens on, each with the option that changes it. */
    public static Map<String, Integer> portsOf(LaunchOptions options, boolean simulator) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (options.embeddedDatabase()) {
            ports.put("--db-port", options.databasePort());
        }
        if (simulator) {
            ports.put("--simulator-port", options.simulatorPort());
        }
        for (String service : LaunchOptions.SERVICES) {
            ports.put("--port " + LaunchOptions.shortName(service) + "=", options.ports().get(service));
        }
        for (String service : LaunchOptions.SERVICES) {
            ports.put("--management-port " + LaunchOptions.shortName(service) + "=", options.managementPorts().get(service));
        }
        return ports;
    }

    /** Fails with one line per port that is taken or given twice, saying which option moves it. */
    public static void requireFree(Map<String, Integer> ports) {
        List<String> problems = new ArrayList<>();
        Map<Integer, String> seen = new HashMap<>();
        ports.forEach((option, port) -> {
            String previous = seen.putIfAbsent(port, option);
            if (previous != null) {
                problems.add("port " + port + " is given to both " + hint(previous) + " and " + hint(option));
            } else if (!free(port)) {
                problems.add("port " + port + " is in use: choose another with " + hint(option)
                        + " (or stop what holds it: ./freshet status, ./freshet down)");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    private static String hint(String option) {
        return option.endsWith("=") ? option + "N" : option + " N";
    }

    /** Free for both kinds of listener the stack has: services on every interface, the database on loopback. */
    static boolean free(int port) {
        return bindable(new InetSocketAddress(port)) && bindable(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean bindable(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
