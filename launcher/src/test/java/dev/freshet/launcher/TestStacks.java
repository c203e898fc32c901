package dev.freshet.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One stack per test class, set up the way `./freshet up` does it, on free ports, its output kept. */
public final class TestStacks {

    private TestStacks() {
    }

    /** A stack (not started yet) in {@code home}, every port free, its output into {@code logs}. */
    public static LocalStack create(Path home, ByteArrayOutputStream logs) throws IOException {
        List<String> args = new ArrayList<>(List.of("up", "--home", home.toString(), "--no-color"));
        args.addAll(PortCheck.freePortOptions());
        LaunchOptions options = LaunchOptions.parse(args.toArray(String[]::new), Path.of("..").toAbsolutePath().normalize());
        return new LocalStack(options, new PrintStream(logs, true));
    }

    /** Stops the stack (when it started) and writes its output to {@code target/<logFile>}. */
    public static void close(LocalStack stack, ByteArrayOutputStream logs, String logFile) throws IOException {
        if (stack != null) {
            stack.close();
        }
        Files.writeString(Path.of("target", logFile), logs.toString());
    }

    public static int freePort() throws IOException {
        return PortCheck.freePort();
    }
}
