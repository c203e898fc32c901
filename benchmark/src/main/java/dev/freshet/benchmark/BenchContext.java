package dev.freshet.benchmark;

import dev.freshet.launcher.LocalStack;

import java.io.PrintStream;

/**
 * What every scenario gets: the running stack, plain JDBC on its database, how many times to repeat
 * each measurement, where to say what it is doing, and FMP's requests per minute as the simulator received them.
 */
public record BenchContext(LocalStack stack, BenchSql sql, int runs, double scale, PrintStream out, UpstreamMinutes upstream) {

    /** A count that is {@code atOne} at scale 1, multiplied by {@code --scale}, never below {@code least}. */
    public int scaled(int atOne, int least) {
        return (int) Math.max(least, Math.round(atOne * scale));
    }

    public void progress(String message) {
        out.println("bench    | " + message);
    }
}
