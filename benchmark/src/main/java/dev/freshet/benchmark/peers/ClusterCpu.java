package dev.freshet.benchmark.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU seconds (user + system) used so far by the PostgreSQL server the harness measures: its postmaster
 * and every process the postmaster started, read from /proc (Linux; NaN elsewhere). A backend that
 * exits takes its CPU with it, so this counts what the live sessions (the processor's pool, the monitor)
 * and the background processes used.
 */
public final class ClusterCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long postmaster;

    private ClusterCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** Finds the server of {@code c}: the parent of its backend. */
    public static ClusterCpu of(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long[] stat = stat(rs.getLong(1));
            return new ClusterCpu(stat == null ? -1 : stat[0]);
        }
    }

    public double seconds() {
        if (postmaster < 0) {
            return Double.NaN;
        }
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] stat = stat(pid);
                if (stat != null && (pid == postmaster || stat[0] == postmaster)) {
                    ticks += stat[1];
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** {ppid, utime + stime} of a process, or null when it is gone or unreadable. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name may hold spaces and parentheses: fields start after the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
