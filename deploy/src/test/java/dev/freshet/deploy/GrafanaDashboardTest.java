package dev.freshet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\bfreshet_[a-z0-9_]+");
    /** The HTTP server timings Quarkus publishes for every service, the one series not named freshet_. */
    private static final Pattern HTTP_SERVER = Pattern.compile("\\bhttp_server_requests_seconds_bucket\\b");
    private static final Pattern TIMER_SERIES = Pattern.compile("_(count|sum|max|bucket)$");

    private static JsonNode dashboard;
    private static List<JsonNode> panels;

    @BeforeAll
    static void parse() throws IOException {
        dashboard = new ObjectMapper().readTree(Deploy.dir().resolve("grafana/freshet.json").toFile());
        panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!"row".equals(p.path("type").asText())) {
                panels.add(p);
            }
        });
    }

    @Test
    void dashboardDeclaresAPrometheusDataSourceVariable() {
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        JsonNode variable = dashboard.at("/templating/list/0");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void everyPanelQueriesFreshetMetricsThroughTheVariable() {
        assertThat(panels).hasSizeGreaterThanOrEqualTo(15);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(METRIC.matcher(expr).find() || HTTP_SERVER.matcher(expr).find()).as("%s: %s", title, expr).isTrue();
                assertThat(expr).as(title).contains("namespace=~\"$namespace\"");
                assertThat(balanced(expr)).as("%s: unbalanced brackets in %s", title, expr).isTrue();
            }
        }
    }

    @Test
    void panelsHaveUniqueIdsAndNoOverlappingPositions() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        dashboard.path("panels").forEach(p -> {
            assertThat(ids.add(p.path("id").asInt())).as("duplicate panel id %s", p.path("id")).isTrue();
            JsonNode g = p.path("gridPos");
            assertThat(g.path("x").asInt() + g.path("w").asInt()).as(p.path("title").asText()).isLessThanOrEqualTo(24);
            for (int dx = 0; dx < g.path("w").asInt(); dx++) {
                for (int dy = 0; dy < g.path("h").asInt(); dy++) {
                    String cell = (g.path("x").asInt() + dx) + "," + (g.path("y").asInt() + dy);
                    assertThat(cells.add(cell)).as("%s overlaps at %s", p.path("title").asText(), cell).isTrue();
                }
            }
        });
    }

    @Test
    void dashboardCoversTheOperatorsQuestions() {
        List<String> titles = panels.stream().map(p -> p.path("title").asText().toLowerCase()).toList();
        for (String topic : List.of("queue depth", "throughput", "job duration", "queue wait", "responses by status",
                "rate-limited", "circuit", "calls this minute", "bytes in the window", "freshness", "subscriptions",
                "aggregation lag", "age of viewed data", "past their freshness target", "upstream latency", "http server")) {
            assertThat(titles).as(topic).anyMatch(t -> t.contains(topic));
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsDocumentedInItsReadme() throws IOException {
        String readme = Files.readString(Deploy.dir().resolve("grafana/README.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String metric : metrics()) {
            String base = TIMER_SERIES.matcher(metric).replaceFirst("");
            if (!readme.contains("`" + metric + "`") && !readme.contains("`" + base + "`")) {
                undocumented.add(metric);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    /**
     * Every series the dashboard queries comes from a meter some service registers: the meter names
     * in the services' sources, in Prometheus form (dots become underscores; counters gain
     * {@code _total}, timers {@code _seconds_*}).
     */
    @Test
    void everyMetricTheDashboardQueriesIsRegisteredByAService() throws IOException {
        Set<String> registered = new TreeSet<>();
        Pattern meterName = Pattern.compile("\"(freshet[._][a-z0-9_.]+)\"");
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("freshet.root", "..")).toAbsolutePath().normalize();
        for (String service : List.of("subscription-tracker", "queue-processor", "staleness-checker", "registry-admin")) {
            try (var files = Files.walk(root.resolve(service).resolve("src/main/java"))) {
                for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = meterName.matcher(Files.readString(file));
                    while (m.find()) {
                        registered.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        Set<String> unregistered = new TreeSet<>();
        for (String metric : metrics()) {
            String base = TIMER_SERIES.matcher(metric).replaceAll("").replaceAll("_(total|seconds)$", "");
            if (!registered.contains(base) && !registered.contains(base + "_total") && !registered.contains(metric)) {
                unregistered.add(metric);
            }
        }
        assertThat(unregistered).as("dashboard metrics no service registers").isEmpty();
    }

    static Set<String> metrics() {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    metrics.add(m.group());
                }
            }
        }
        return metrics;
    }

    private static boolean balanced(String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        for (char c : expr.toCharArray()) {
            switch (c) {
                case '(' -> round++;
                case ')' -> round--;
                case '{' -> curly++;
                case '}' -> curly--;
                case '[' -> square++;
                case ']' -> square--;
                default -> { }
            }
            if (round < 0 || curly < 0 || square < 0) {
                return false;
            }
        }
        return round == 0 && curly == 0 && square == 0;
    }
}
