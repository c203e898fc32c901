package dev.freshet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.freshet.deploy.RenderedChart.COMPONENTS;
import static dev.freshet.deploy.RenderedChart.PORTS;
import static dev.freshet.deploy.RenderedChart.RELEASE;
import static dev.freshet.deploy.RenderedChart.container;
import static dev.freshet.deploy.RenderedChart.envValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator tunes from values: probes, shutdown, pod placement and labels, accounts, network, `helm test`. */
class ChartOperationsTest {

    private static RenderedChart defaults;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.defaults();
    }

    @Test
    void probesTakeTheirPortPathsAndTimingsFromValuesWithAServiceOverridingTheShared() {
        RenderedChart chart = RenderedChart.with(Map.of(
                "probes.port", "management", "probes.readiness.path", "/health/ready",
                "processor.probes.readiness.periodSeconds", 20, "processor.probes.liveness.failureThreshold", 7));

        for (String component : COMPONENTS) {
            JsonNode c = container(chart.deployment(component));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(component + " " + probe).isEqualTo("management");
            }
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        }
        JsonNode processor = container(chart.deployment("queue-processor"));
        assertThat(processor.at("/readinessProbe/periodSeconds").asInt()).isEqualTo(20);
        assertThat(processor.at("/readinessProbe/timeoutSeconds").asInt()).as("the shared value stays").isEqualTo(3);
        assertThat(processor.at("/livenessProbe/failureThreshold").asInt()).isEqualTo(7);
        assertThat(container(chart.deployment("subscription-tracker")).at("/readinessProbe/periodSeconds").asInt()).isEqualTo(5);
        assertThat(container(defaults.deployment("queue-processor")).at("/startupProbe/failureThreshold").asInt()).isEqualTo(60);
    }

    @Test
    void resourcesAndSecurityContextsAreOverridablePerServiceOverTheSharedOnes() {
        RenderedChart chart = RenderedChart.with(Map.of(
                "processor.resources.limits.memory", "1Gi",
                "checker.containerSecurityContext.runAsUser", 1001,
                "checker.podSecurityContext.fsGroup", 2000,
                "containerSecurityContext.readOnlyRootFilesystem", false));

        assertThat(container(chart.deployment("queue-processor")).at("/resources/limits/memory").asText()).isEqualTo("1Gi");
        JsonNode checker = chart.deployment("staleness-checker");
        assertThat(container(checker).at("/securityContext/runAsUser").asInt()).isEqualTo(1001);
        assertThat(container(checker).at("/securityContext/capabilities/drop/0").asText()).as("the rest is kept").isEqualTo("ALL");
        assertThat(checker.at("/spec/template/spec/securityContext/fsGroup").asInt()).isEqualTo(2000);
        assertThat(checker.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode tracker = container(chart.deployment("subscription-tracker"));
        assertThat(tracker.at("/securityContext/runAsUser").asInt()).as("another service keeps the shared user").isEqualTo(185);
        assertThat(tracker.at("/securityContext/readOnlyRootFilesystem").asBoolean(true)).isFalse();
        assertThat(chart.deployment("subscription-tracker").at("/spec/template/spec/securityContext/fsGroup").asInt()).isEqualTo(185);
    }

    @Test
    void everyPodRunsAsTheChartsServiceAccountWithoutItsToken() {
        String account = RELEASE + "-freshet";
        JsonNode created = defaults.get("ServiceAccount", account);
        assertThat(created.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        for (JsonNode pod : pods(defaults)) {
            assertThat(pod.path("serviceAccountName").asText()).isEqualTo(account);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        }

        RenderedChart existing = RenderedChart.with(Map.of("serviceAccount.create", false, "serviceAccount.name", "freshet-runner"));
        assertThat(existing.ofKind("ServiceAccount")).isEmpty();
        assertThat(pods(existing)).extracting(p -> p.path("serviceAccountName").asText()).containsOnly("freshet-runner");
    }

    @Test
    void networkPoliciesLetOnlyTheIngressReachTrackerAndAdminAndOnlyTheServicesReachTheDatabase() {
        assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();

        RenderedChart chart = RenderedChart.with(Map.of(
                "networkPolicy.enabled", true,
                "networkPolicy.database.podSelector.app\\.kubernetes\\.io/name", "postgresql"));
        for (String component : COMPONENTS) {
            JsonNode policy = chart.get("NetworkPolicy", RELEASE + "-freshet-" + component);
            assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo(component);
            assertThat(policy.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\"]");
            JsonNode from = policy.at("/spec/ingress/0/from");
            assertThat(from.at("/0/podSelector/matchLabels/app.kubernetes.io~1instance").asText()).as("the release's own pods")
                    .isEqualTo(RELEASE);
            boolean fromIngress = StreamSupport.stream(from.spliterator(), false)
                    .anyMatch(peer -> "ingress-nginx".equals(peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()));
            assertThat(fromIngress).as(component).isEqualTo(List.of("subscription-tracker", "registry-admin").contains(component));
        }

        JsonNode database = chart.get("NetworkPolicy", RELEASE + "-freshet-database");
        assertThat(database.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("postgresql");
        assertThat(database.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(5432);
        JsonNode peer = database.at("/spec/ingress/0/from/0/podSelector");
        assertThat(peer.at("/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo(RELEASE);
        assertThat(peer.at("/matchExpressions/0/values")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("subscription-tracker", "queue-processor", "staleness-checker", "registry-admin", "migration");
        assertThat(RenderedChart.with(Map.of("networkPolicy.enabled", true)).find("NetworkPolicy", RELEASE + "-freshet-database"))
                .as("an external database gets no policy").isEmpty();
    }

    @Test
    void topologySpreadAndPodLabelsComeFromValuesWithoutTouchingSelectors() {
        RenderedChart chart = RenderedChart.render(Deploy.testResource("values-placement.yaml"), Map.of());

        JsonNode processor = chart.deployment("queue-processor");
        JsonNode spread = processor.at("/spec/template/spec/topologySpreadConstraints/0");
        assertThat(spread.path("topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(spread.at("/labelSelector/matchLabels/app.kubernetes.io~1component").asText()).as("defaults to its own pods")
                .isEqualTo("queue-processor");
        assertThat(chart.deployment("subscription-tracker").at("/spec/template/spec/topologySpreadConstraints/0/topologyKey").asText())
                .as("a service's own constraints replace the shared ones").isEqualTo("kubernetes.io/hostname");
        assertThat(defaults.deployment("queue-processor").at("/spec/template/spec").has("topologySpreadConstraints")).isFalse();

        JsonNode labels = processor.at("/spec/template/metadata/labels");
        assertThat(labels.path("team").asText()).isEqualTo("market-data");
        assertThat(labels.path("cost-center").asText()).as("the service's own label wins").isEqualTo("ingest");
        assertThat(chart.deployment("staleness-checker").at("/spec/template/metadata/labels/cost-center").asText()).isEqualTo("shared");
        assertThat(processor.at("/spec/selector/matchLabels").has("team")).isFalse();
    }

    @Test
    void valuesOfTheWrongShapeAreRefusedByTheSchema() {
        assertThatThrownBy(() -> RenderedChart.with(Map.of("tracker.replicaCount", "two")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> RenderedChart.with(Map.of("probes.readiness.path", "q/health/ready")))
                .hasMessageContaining("path");
        assertThatThrownBy(() -> RenderedChart.with(Map.of("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
    }

    @Test
    void helmTestCallsEveryEnabledServicesReadinessThroughItsService() {
        JsonNode pod = defaults.get("Pod", RELEASE + "-freshet-test-readiness");
        assertThat(pod.at("/metadata/annotations").path("helm.sh/hook").asText()).isEqualTo("test");
        assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/spec/containers/0/image").asText()).isEqualTo("freshet/registry-admin:0.1.0");
        assertThat(pod.at("/spec/containers/0/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        String script = pod.at("/spec/containers/0/command/2").asText();
        PORTS.forEach((component, port) -> assertThat(script)
                .contains("http://" + RELEASE + "-freshet-" + component + "-management:" + (port + 1000) + "/q/health/ready"));

        String withoutChecker = RenderedChart.with(Map.of("checker.enabled", false, "probes.readiness.path", "/ready"))
                .get("Pod", RELEASE + "-freshet-test-readiness").at("/spec/containers/0/command/2").asText();
        assertThat(withoutChecker).doesNotContain("staleness-checker").contains("queue-processor-management:9082/ready");
    }

    @Test
    void podsDrainBeforeTheyStopAndKubernetesWaitsLongEnough() {
        for (String component : COMPONENTS) {
            JsonNode deployment = defaults.deployment(component);
            JsonNode c = container(deployment);
            assertThat(c.at("/lifecycle/preStop/exec/command").toString()).as(component).isEqualTo("[\"sleep\",\"5\"]");
            int grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
            int timeout = Integer.parseInt(envValue(c, "QUARKUS_SHUTDOWN_TIMEOUT").replace("s", ""));
            assertThat(grace).as(component).isGreaterThanOrEqualTo(5 + timeout);
        }
        assertThat(envValue(container(defaults.deployment("queue-processor")), "QUARKUS_SHUTDOWN_TIMEOUT")).isEqualTo("20s");
        assertThat(defaults.deployment("queue-processor").at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(40);
        assertThat(envValue(container(defaults.deployment("subscription-tracker")), "QUARKUS_SHUTDOWN_TIMEOUT")).isEqualTo("10s");

        assertThat(container(RenderedChart.with(Map.of("shutdown.preStopSleepSeconds", 0)).deployment("staleness-checker"))
                .has("lifecycle")).isFalse();
        assertThatThrownBy(() -> RenderedChart.with(Map.of("checker.shutdown.timeoutSeconds", 60)))
                .hasMessageContaining("must cover shutdown.preStopSleepSeconds + shutdown.timeoutSeconds");
    }

    private static List<JsonNode> pods(RenderedChart chart) {
        return chart.objects().stream()
                .map(o -> "Pod".equals(o.path("kind").asText()) ? o.path("spec") : o.at("/spec/template/spec"))
                .filter(JsonNode::isObject)
                .toList();
    }
}
