package dev.freshet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meters the services register, by the names in their sources, in Prometheus form (dots become
 * underscores; counters gain {@code _total}, timers {@code _seconds_*}): what the dashboard and the
 * alert rules may query.
 */
final class RegisteredMetrics {

    /** A series named freshet_… in a query. */
    static final Pattern METRIC = Pattern.compile("\\bfreshet_[a-z0-9_]+");
    static final Pattern TIMER_SERIES = Pattern.compile("_(count|sum|max|bucket)$");
    private static final Pattern METER_NAME = Pattern.compile("\"(freshet[._][a-z0-9_.]+)\"");
    private static Set<String> registered;

    private RegisteredMetrics() {
    }

    /** The freshet_ series a query text names. */
    static Set<String> in(String query) {
        Set<String> metrics = new TreeSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            metrics.add(m.group());
        }
        return metrics;
    }

    /** Those of the given series that no service registers. */
    static Set<String> unregistered(Set<String> metrics) {
        Set<String> names = registered();
        Set<String> unregistered = new TreeSet<>();
        for (String metric : metrics) {
            String base = TIMER_SERIES.matcher(metric).replaceAll("").replaceAll("_(total|seconds)$", "");
            if (!names.contains(base) && !names.contains(base + "_total") && !names.contains(metric)) {
                unregistered.add(metric);
            }
        }
        return unregistered;
    }

    private static synchronized Set<String> registered() {
        if (registered == null) {
            Set<String> names = new TreeSet<>();
            Path root = Path.of(System.getProperty("freshet.root", "..")).toAbsolutePath().normalize();
            for (String service : List.of("subscription-tracker", "queue-processor", "staleness-checker", "registry-admin")) {
                try (var files = Files.walk(root.resolve(service).resolve("src/main/java"))) {
                    for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = METER_NAME.matcher(Files.readString(file));
                        while (m.find()) {
                            names.add(m.group(1).replace('.', '_'));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            registered = names;
        }
        return registered;
    }
}
