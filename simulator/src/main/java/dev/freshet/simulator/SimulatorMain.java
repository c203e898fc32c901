package dev.freshet.simulator;

import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Hang;
import dev.freshet.simulator.faults.InsanePrice;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import dev.freshet.simulator.faults.Malformed;
import dev.freshet.simulator.faults.RateLimitBurst;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** Runs the simulator standalone until the process is stopped. {@code --help} lists the options. */
public final class SimulatorMain {

    private static final String USAGE = """
            Usage: java -jar freshet-simulator.jar [options]

              --port N                 port to listen on (default 8090; 0 = any free port)
              --bind ADDRESS           interface to listen on (default: loopback; 0.0.0.0 for all)
              --knobs JSON|@FILE       initial knobs, inline JSON or @path to a JSON file
              --log-requests           print one line per request
            Global knobs (applied over --knobs):
              --seed N                 seed for every random draw (default 42)
              --latency-ms N           fixed latency
              --latency-uniform MIN,MAX
              --latency-lognormal MEDIAN,P99
              --error-rate P           probability of an error status (0..1)
              --error-every N          every Nth request fails
              --error-status S         status of injected errors (default 503)
              --rate-limit-requests N  answer 429 to the next N requests
              --rate-limit-seconds D   answer 429 for D seconds
              --retry-after S          Retry-After of the 429s (default 1)
              --hang-ms T              hold each request T ms before answering
              --hang-forever           never answer (until knobs change)
              --empty                  empty results
              --records N              list answers of exactly N records
              --pad-to-bytes N         inflate bodies to N bytes
              --malformed truncated|html
              --insane-price negative|zero|huge
              --stale-seconds S        data as of S seconds ago
            Control API while running: GET/PUT /_control/knobs, GET /_control/stats, POST /_control/reset
            """;

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Simulator.Builder builder;
        try {
            builder = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (builder == null) {
            return;
        }
        Simulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println("Freshet market-data simulator listening on " + simulator.baseUrl()
                + " (knobs: " + simulator.knobs().toJson() + ")");
        stopped.await();
    }

    /** Null when only help was asked for. */
    static Simulator.Builder parse(String[] args, PrintStream out) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        Simulator.Builder builder = Simulator.builder();
        Knobs knobs = Knobs.none();
        Faults flags = Faults.none();
        ErrorInjection errors = null;
        Integer errorStatus = null;
        Integer rateLimitRequests = null;
        Integer rateLimitSeconds = null;
        Integer retryAfter = null;
        Long seed = null;
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--port" -> builder.port(intValue(option, rest));
                case "--bind" -> builder.bindAddress(value(option, rest));
                case "--knobs" -> knobs = Knobs.fromJson(jsonValue(value(option, rest)));
                case "--log-requests" -> builder.requestLog(System.out::println);
                case "--seed" -> seed = Long.parseLong(value(option, rest));
                case "--latency-ms" -> flags = flags.withLatency(Latency.fixed(intValue(option, rest)));
                case "--latency-uniform" -> {
                    long[] range = pair(option, rest);
                    flags = flags.withLatency(Latency.uniform(range[0], range[1]));
                }
                case "--latency-lognormal" -> {
                    long[] shape = pair(option, rest);
                    flags = flags.withLatency(Latency.logNormal(shape[0], shape[1]));
                }
                case "--error-rate" -> errors = ErrorInjection.rate(Double.parseDouble(value(option, rest)));
                case "--error-every" -> errors = ErrorInjection.everyNth(intValue(option, rest));
                case "--error-status" -> errorStatus = intValue(option, rest);
                case "--rate-limit-requests" -> rateLimitRequests = intValue(option, rest);
                case "--rate-limit-seconds" -> rateLimitSeconds = intValue(option, rest);
                case "--retry-after" -> retryAfter = intValue(option, rest);
                case "--hang-ms" -> flags = flags.withHang(Hang.millis(intValue(option, rest)));
                case "--hang-forever" -> flags = flags.withHang(Hang.untilReleased());
                case "--empty" -> flags = flags.withEmptyResults(true);
                case "--records" -> flags = flags.withRecords(intValue(option, rest));
                case "--pad-to-bytes" -> flags = flags.withPadToBytes(intValue(option, rest));
                case "--malformed" -> flags = flags.withMalformed(enumValue(Malformed.class, option, rest));
                case "--insane-price" -> flags = flags.withInsanePrice(enumValue(InsanePrice.class, option, rest));
                case "--stale-seconds" -> flags = flags.withStaleSeconds((long) intValue(option, rest));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (errors != null || errorStatus != null) {
            ErrorInjection base = errors != null ? errors : ErrorInjection.rate(1.0);
            flags = flags.withErrors(errorStatus != null ? base.withStatus(errorStatus) : base);
        }
        if (rateLimitRequests != null || rateLimitSeconds != null || retryAfter != null) {
            flags = flags.withRateLimit(new RateLimitBurst(rateLimitRequests, rateLimitSeconds, retryAfter));
        }
        knobs = knobs.withGlobal(knobs.global().overriddenBy(flags));
        if (seed != null) {
            knobs = knobs.withSeed(seed);
        }
        return builder.knobs(knobs);
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static int intValue(String option, Deque<String> rest) {
        String text = value(option, rest);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + text + "'");
        }
    }

    private static long[] pair(String option, Deque<String> rest) {
        String[] parts = value(option, rest).split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + " needs two comma-separated numbers");
        }
        return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String option, Deque<String> rest) {
        String text = value(option, rest);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + text + "'");
        }
    }

    private static String jsonValue(String text) {
        if (!text.startsWith("@")) {
            return text;
        }
        try {
            return Files.readString(Path.of(text.substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read knobs file " + text.substring(1), e);
        }
    }
}
