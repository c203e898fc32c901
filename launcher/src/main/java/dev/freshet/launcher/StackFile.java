package dev.freshet.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running `./freshet up` or `./freshet db` leaves in its home directory so another terminal can find it:
 * {@code freshet.pid} (the launcher's process id, nothing else) and {@code stack.properties} (where each part listens).
 * The launcher removes both when it stops; a file whose process is gone is stale.
 */
public final class StackFile {

    static final String PID_FILE = "freshet.pid";
    static final String STACK_FILE = "stack.properties";
    /** Suffix of the part naming a service's management URL (health, metrics) beside its own. */
    static final String MANAGEMENT = "-management";

    private StackFile() {
    }

    /** A stack as its files describe it; {@code parts} maps a part's name to its URL, in start order. */
    public record Running(long pid, Map<String, String> parts) {

        public boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    public static void write(Path home, long pid, Map<String, String> parts) throws IOException {
        Files.createDirectories(home);
        Properties p = new Properties();
        int i = 0;
        for (Map.Entry<String, String> part : parts.entrySet()) {
            p.setProperty(String.format("%02d.%s", i++, part.getKey()), part.getValue());
        }
        try (Writer w = Files.newBufferedWriter(home.resolve(STACK_FILE))) {
            p.store(w, "written by ./freshet, removed when it stops");
        }
        Files.writeString(home.resolve(PID_FILE), pid + "\n");
    }

    public static Optional<Running> read(Path home) {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve(PID_FILE)).trim());
            Properties p = new Properties();
            if (Files.exists(home.resolve(STACK_FILE))) {
                try (Reader r = Files.newBufferedReader(home.resolve(STACK_FILE))) {
                    p.load(r);
                }
            }
            Map<String, String> parts = new LinkedHashMap<>();
            p.stringPropertyNames().stream().sorted()
                    .forEach(k -> parts.put(k.substring(k.indexOf('.') + 1), p.getProperty(k)));
            return Optional.of(new Running(pid, parts));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the files, only when they still describe {@code pid} (a newer stack may have replaced them). */
    public static void remove(Path home, long pid) {
        if (read(home).map(r -> r.pid() == pid).orElse(false)) {
            try {
                Files.deleteIfExists(home.resolve(PID_FILE));
                Files.deleteIfExists(home.resolve(STACK_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
