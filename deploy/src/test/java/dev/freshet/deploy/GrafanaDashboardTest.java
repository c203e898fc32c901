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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaDashboardTest {

    /** The HTTP server timings Quarkus publishes for every service, the one series not named freshet_. */
    private static final Pattern HTTP_SERVER = Pattern.compile("\\bhttp_server_requests_seconds_bucket\\b");

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
                assertThat(RegisteredMetrics.METRIC.matcher(expr).find() || HTTP_SERVER.matcher(expr).find()).as("%s: %s", title, expr).isTrue();
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
            String base = RegisteredMetrics.TIMER_SERIES.matcher(metric).replaceFirst("");
            if (!readme.contains("`" + metric + "`") && !readme.contains("`" + base + "`")) {
                undocumented.add(metric);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    /** Every series the dashboard queries comes from a meter some service registers. */
    @Test
    void everyMetricTheDashboardQueriesIsRegisteredByAService() {
        assertThat(RegisteredMetrics.unregistered(metrics())).as("dashboard metrics no service registers").isEmpty();
    }

    static Set<String> metrics() {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                metrics.addAll(RegisteredMetrics.in(target.path("expr").asText()));
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
