package dev.freshet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.freshet.deploy.RenderedChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The alert rules of deploy/alerts: valid for Prometheus, firing as their unit tests say, each with its
 * runbook section, over metrics the services register, and the same rules in the chart's PrometheusRule.
 */
class AlertRulesTest {

    private static final Path ALERTS = Deploy.dir().resolve("alerts");
    private static final Path RUNBOOK = Deploy.dir().resolve("../docs/alerts.md").normalize();
    private static final List<String> ALERT_NAMES = List.of("FreshetAggregationLag", "FreshetAggregationTaskHardFailed",
            "FreshetAggregationFailStreak", "FreshetQueueDepthGrowing", "FreshetProviderBudgetNearlyUsed", "FreshetCircuitOpen",
            "FreshetCheckerTaskLate", "FreshetFreshnessSloBurn", "FreshetProcessorNotClaiming");

    private static JsonNode rulesFile;
    private static List<JsonNode> rules;

    @BeforeAll
    static void parse() throws IOException {
        rulesFile = new YAMLMapper().readTree(ALERTS.resolve("freshet-rules.yaml").toFile());
        rules = new ArrayList<>();
        rulesFile.path("groups").forEach(g -> g.path("rules").forEach(rules::add));
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        assertThat(promtool("check", "rules", "freshet-rules.yaml")).contains("SUCCESS: " + ALERT_NAMES.size() + " rules found");
    }

    @Test
    void rulesFireAsTheirUnitTestsSay() throws Exception {
        assertThat(promtool("test", "rules", "freshet-rules-test.yaml")).contains("SUCCESS");
    }

    @Test
    void rulesCoverTheOperatorsAlerts() {
        assertThat(rules).extracting(r -> r.path("alert").asText()).containsExactlyInAnyOrderElementsOf(ALERT_NAMES);
        assertThat(rules).allSatisfy(r -> assertThat(r.at("/labels/severity").asText()).isIn("warning", "critical"));
    }

    @Test
    void everyRuleLinksItsOwnSectionOfTheRunbook() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(rule.at("/annotations/runbook_url").asText()).as(alert).isEqualTo("docs/alerts.md#" + alert.toLowerCase());
            assertThat(runbook).as("runbook section of %s", alert).contains("\n## " + alert + "\n");
            String section = runbook.substring(runbook.indexOf("\n## " + alert + "\n"));
            assertThat(section).as(alert).contains("**Means**", "**Check**", "**Do**");
        }
    }

    @Test
    void everyMetricTheRulesUseIsRegisteredByAService() {
        Set<String> used = new TreeSet<>();
        rules.forEach(r -> used.addAll(RegisteredMetrics.in(r.path("expr").asText())));

        assertThat(used).hasSizeGreaterThanOrEqualTo(15);
        assertThat(RegisteredMetrics.unregistered(used)).as("rule metrics no service registers").isEmpty();
    }

    @Test
    void prometheusRuleOnlyWhenEnabledAndThenCarriesTheRulesWithTheRunbookBase() {
        assertThat(RenderedChart.defaults().ofKind("PrometheusRule")).isEmpty();

        RenderedChart chart = RenderedChart.with(Map.of("prometheusRule.enabled", true,
                "prometheusRule.runbookBaseUrl", "https://git.example.com/freshet/blob/main/", "prometheusRule.labels.release", "prometheus"));
        JsonNode rule = chart.get("PrometheusRule", RELEASE + "-freshet");

        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        JsonNode groups = rule.at("/spec/groups");
        assertThat(groups.size()).isEqualTo(rulesFile.path("groups").size());
        for (int g = 0; g < groups.size(); g++) {
            JsonNode rendered = groups.get(g).path("rules");
            JsonNode source = rulesFile.path("groups").get(g).path("rules");
            assertThat(rendered.size()).isEqualTo(source.size());
            for (int i = 0; i < rendered.size(); i++) {
                assertThat(rendered.get(i).path("expr")).isEqualTo(source.get(i).path("expr"));
                assertThat(rendered.get(i).at("/annotations/summary")).as("alert templates kept for Prometheus")
                        .isEqualTo(source.get(i).at("/annotations/summary"));
                assertThat(rendered.get(i).at("/annotations/runbook_url").asText())
                        .isEqualTo("https://git.example.com/freshet/blob/main/" + source.get(i).at("/annotations/runbook_url").asText());
            }
        }
    }

    /** Runs promtool in deploy/alerts; without it, fails with one line saying what to install. */
    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(ALERTS.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("promtool is missing: install Debian's prometheus package (apt-get install prometheus), or run ./freshet test, which does");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
