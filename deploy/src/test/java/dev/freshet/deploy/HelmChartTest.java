package dev.freshet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.freshet.deploy.RenderedChart.COMPONENTS;
import static dev.freshet.deploy.RenderedChart.PORTS;
import static dev.freshet.deploy.RenderedChart.RELEASE;
import static dev.freshet.deploy.RenderedChart.container;
import static dev.freshet.deploy.RenderedChart.env;
import static dev.freshet.deploy.RenderedChart.envNames;
import static dev.freshet.deploy.RenderedChart.envValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelmChartTest {

    private static final Map<String, String> ROLES = Map.of("subscription-tracker", "tracker", "queue-processor", "processor",
            "staleness-checker", "checker", "registry-admin", "admin");

    private static RenderedChart defaults;
    private static RenderedChart production;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.defaults();
        production = RenderedChart.production();
    }

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderOneDeploymentAndServicePerService() {
        assertThat(defaults.ofKind("Deployment")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrderElementsOf(COMPONENTS.stream().map(c -> RELEASE + "-freshet-" + c).toList());
        for (String component : COMPONENTS) {
            JsonNode service = defaults.get("Service", RELEASE + "-freshet-" + component);
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(PORTS.get(component));
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
            assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo(component);
            assertThat(defaults.deployment(component).at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText())
                    .isEqualTo(component);
        }
    }

    @Test
    void everyServiceProbesItsHealthEndpointsOnItsManagementPort() {
        for (String component : COMPONENTS) {
            JsonNode c = container(defaults.deployment(component));
            assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
            assertThat(c.at("/ports/0/containerPort").asInt()).as(component).isEqualTo(PORTS.get(component));
            assertThat(envValue(c, "QUARKUS_HTTP_PORT")).isEqualTo(PORTS.get(component).toString());
            assertThat(c.at("/ports/1/name").asText()).isEqualTo("management");
            assertThat(c.at("/ports/1/containerPort").asInt()).as(component).isEqualTo(PORTS.get(component) + 1000);
            assertThat(envValue(c, "QUARKUS_MANAGEMENT_PORT")).isEqualTo(String.valueOf(PORTS.get(component) + 1000));
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(component + " " + probe).isEqualTo("management");
            }
        }
    }

    @Test
    void migrationJobIsAPreInstallAndPreUpgradeHookThatMigratesAndExits() {
        JsonNode job = defaults.get("Job", RELEASE + "-freshet-migrate");
        JsonNode annotations = job.at("/metadata/annotations");
        assertThat(annotations.path("helm.sh/hook").asText()).isEqualTo("pre-install,pre-upgrade");
        assertThat(annotations.path("helm.sh/hook-weight").asText()).isEqualTo("-5");
        assertThat(annotations.path("helm.sh/hook-delete-policy").asText()).isEqualTo("before-hook-creation,hook-succeeded");

        JsonNode c = container(job);
        assertThat(c.path("image").asText()).isEqualTo("freshet/registry-admin:0.1.0");
        assertThat(envValue(c, "QUARKUS_INIT_AND_EXIT")).isEqualTo("true");
        assertThat(envValue(c, "FRESHET_MIGRATE_AT_START")).isEqualTo("true");
        assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void migrationJobCarriesItsConfigInlineBecauseItRunsBeforeTheConfigMapExists() {
        JsonNode c = container(defaults.get("Job", RELEASE + "-freshet-migrate"));

        assertThat(c.has("envFrom")).isFalse();
        assertThat(envValue(c, "FRESHET_DB_URL")).isEqualTo("postgresql://postgresql:5432/freshet");
        assertThat(env(c, "FRESHET_DB_PASSWORD").orElseThrow().at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("freshet-db");
    }

    @Test
    void servicesOnlyValidateTheSchemaWhenTheHookMigrates() {
        for (String component : COMPONENTS) {
            JsonNode c = container(defaults.deployment(component));
            assertThat(envValue(c, "FRESHET_MIGRATE_AT_START")).as(component).isEqualTo("false");
            assertThat(envValue(c, "FRESHET_VALIDATE_AT_START")).as(component).isEqualTo("true");
            assertThat(c.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(RELEASE + "-freshet-config");
        }
    }

    @Test
    void eachServiceConnectsWithItsOwnLoginAndOnlyTheMigrationJobHoldsTheMigrationRole() {
        assertThat(secretRef(container(production.get("Job", RELEASE + "-freshet-migrate")), "FRESHET_DB_USER")).isEqualTo("prod-db/user");
        RenderedChart withoutJob = RenderedChart.with(Map.of("migration.enabled", false));
        for (String component : COMPONENTS) {
            JsonNode c = container(defaults.deployment(component));
            assertThat(secretRef(c, "FRESHET_DB_USER")).as(component).isEqualTo("freshet-db-" + ROLES.get(component) + "/username");
            assertThat(envNames(c)).as(component + ": the migration Job migrates").doesNotContain("FRESHET_MIGRATION_DB_USER", "FRESHET_MIGRATION_DB_PASSWORD");
            JsonNode selfMigrating = container(withoutJob.deployment(component));
            assertThat(secretRef(selfMigrating, "FRESHET_MIGRATION_DB_USER")).as(component).isEqualTo("freshet-db/username");
            assertThat(secretRef(selfMigrating, "FRESHET_DB_USER")).as(component).isEqualTo("freshet-db-" + ROLES.get(component) + "/username");
        }
        assertThatThrownBy(() -> RenderedChart.with(Map.of("database.serviceSecrets.processor", "")))
                .hasMessageContaining("database.serviceSecrets.processor is required");
    }

    @Test
    void withoutTheMigrationJobEveryServiceMigratesAtStart() {
        RenderedChart chart = RenderedChart.with(Map.of("migration.enabled", false));

        assertThat(chart.ofKind("Job")).isEmpty();
        for (String component : COMPONENTS) {
            assertThat(envValue(container(chart.deployment(component)), "FRESHET_MIGRATE_AT_START")).isEqualTo("true");
        }
    }

    @Test
    void configMapHoldsTheDatabaseUrlAndProviderBaseUrlsAndNoSecrets() {
        JsonNode data = defaults.sharedConfig();

        assertThat(data.path("FRESHET_DB_URL").asText()).isEqualTo("postgresql://postgresql:5432/freshet");
        assertThat(data.path("FRESHET_PROVIDERS_FMP_BASE_URL").asText()).isEqualTo("https://financialmodelingprep.com");
        assertThat(data.path("FRESHET_PROVIDERS_POLYGON_BASE_URL").asText()).isEqualTo("https://api.polygon.io");
        assertThat(fieldNames(data)).noneMatch(k -> k.contains("PASSWORD") || k.contains("API_KEY") || k.contains("SECRET"));
    }

    @Test
    void secretsReachContainersOnlyAsSecretKeyRefs() {
        for (RenderedChart chart : List.of(defaults, production)) {
            assertThat(chart.ofKind("Secret")).as("only the admin password and token key the chart generates when none is named")
                    .allMatch(o -> List.of(RELEASE + "-freshet-admin-users", RELEASE + "-freshet-tracker-tokens")
                            .contains(o.at("/metadata/name").asText()));
            for (JsonNode c : chart.containers()) {
                for (JsonNode e : c.path("env")) {
                    String name = e.path("name").asText();
                    if (name.matches(".*(PASSWORD|SECRET|API_KEY|DB_USER).*")) {
                        assertThat(e.has("value")).as("%s must not carry a literal value", name).isFalse();
                        assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void productionValuesWireEverySecretByReference() {
        JsonNode admin = container(production.deployment("registry-admin"));
        assertThat(secretRef(admin, "QUARKUS_OIDC_AUTH_SERVER_URL")).isEqualTo("admin-oidc/auth-server-url");
        assertThat(secretRef(admin, "QUARKUS_OIDC_CLIENT_ID")).isEqualTo("admin-oidc/client-id");
        assertThat(secretRef(admin, "QUARKUS_OIDC_CREDENTIALS_SECRET")).isEqualTo("admin-oidc/client-secret");
        assertThat(secretRef(admin, "FRESHET_ADMIN_PASSWORD")).isEqualTo("admin-users/admin-password");
        assertThat(envValue(admin, "QUARKUS_OIDC_TOKEN_AUDIENCE")).isEqualTo("freshet-admin");
        assertThat(envValue(admin, "FRESHET_ADMIN_LOCAL_USERS")).as("local users off once OIDC is on").isEqualTo("false");
        assertThat(envNames(container(defaults.deployment("registry-admin")))).doesNotContain("FRESHET_ADMIN_LOCAL_USERS");
        assertThatThrownBy(() -> RenderedChart.with(Map.of("admin.oidc.existingSecret", "admin-oidc")))
                .hasMessageContaining("admin.oidc.audience is required");
        assertThat(secretRef(container(production.deployment("subscription-tracker")), "FRESHET_TRACKER_TOKENS_SECRET"))
                .isEqualTo("tracker-tokens/tokens-secret");

        for (String component : COMPONENTS) {
            JsonNode c = container(production.deployment(component));
            assertThat(secretRef(c, "FRESHET_DB_URL")).isEqualTo("freshet-db-url/url");
            String role = ROLES.get(component);
            assertThat(secretRef(c, "FRESHET_DB_USER")).isEqualTo("prod-db-" + role + "/user");
            assertThat(secretRef(c, "FRESHET_DB_PASSWORD")).isEqualTo("prod-db-" + role + "/pass");
            assertThat(secretRef(c, "FRESHET_PROVIDER_FMP_API_KEY")).isEqualTo("provider-keys/fmp");
            assertThat(secretRef(c, "FRESHET_PROVIDER_POLYGON_API_KEY")).isEqualTo("provider-keys/polygon");
        }
        assertThat(production.sharedConfig().has("FRESHET_DB_URL")).isFalse();
        assertThat(secretRef(container(production.get("Job", RELEASE + "-freshet-migrate")), "FRESHET_DB_URL"))
                .isEqualTo("freshet-db-url/url");
    }

    @Test
    void withoutANamedSecretTheChartCreatesTheAdminPasswordSoNothingIsGeneratedInTheCluster() {
        JsonNode admin = container(defaults.deployment("registry-admin"));
        String secret = RELEASE + "-freshet-admin-users";
        assertThat(secretRef(admin, "FRESHET_ADMIN_PASSWORD")).isEqualTo(secret + "/admin-password");
        JsonNode created = defaults.get("Secret", secret);
        assertThat(new String(java.util.Base64.getDecoder().decode(created.at("/data/admin-password").asText()))).hasSize(32);
        assertThat(created.at("/metadata/annotations").path("helm.sh/resource-policy").asText()).isEqualTo("keep");
        assertThat(created.at("/metadata/annotations").path("helm.sh/hook").asText())
                .as("created once at install, so an upgrade keeps the password").isEqualTo("pre-install");
        assertThat(production.find("Secret", secret)).as("a named Secret replaces the created one").isEmpty();
    }

    @Test
    void clientTokensAreRequiredByDefaultWithAKeyTheChartCreatesOrOneNamed() {
        String created = RELEASE + "-freshet-tracker-tokens";
        assertThat(secretRef(container(defaults.deployment("subscription-tracker")), "FRESHET_TRACKER_TOKENS_SECRET"))
                .isEqualTo(created + "/tokens-secret");
        assertThat(secretRef(container(defaults.deployment("registry-admin")), "FRESHET_TRACKER_TOKENS_SECRET"))
                .as("the admin's live view mints with the same key").isEqualTo(created + "/tokens-secret");
        JsonNode secret = defaults.get("Secret", created);
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.at("/data/tokens-secret").asText())))
                .as("at least the 32 bytes the tracker requires").hasSize(48);
        assertThat(secret.at("/metadata/annotations").path("helm.sh/hook").asText()).isEqualTo("pre-install");
        assertThat(secret.at("/metadata/annotations").path("helm.sh/resource-policy").asText()).isEqualTo("keep");
        assertThat(production.find("Secret", created)).as("a named Secret replaces the created one").isEmpty();

        RenderedChart off = RenderedChart.with(Map.of("tracker.tokensRequired", "false"));
        assertThat(off.find("Secret", created)).isEmpty();
        assertThat(envNames(container(off.deployment("subscription-tracker")))).doesNotContain("FRESHET_TRACKER_TOKENS_SECRET");
    }

    @Test
    void oidcStaysUnsetUnlessItsSecretIsNamed() {
        JsonNode admin = container(defaults.deployment("registry-admin"));

        assertThat(envNames(admin)).doesNotContain("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThat(envNames(admin)).contains("FRESHET_DB_USER", "FRESHET_DB_PASSWORD");
        assertThat(envNames(container(defaults.deployment("queue-processor")))).doesNotContain("FRESHET_PROVIDER_FMP_API_KEY");
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
        for (RenderedChart chart : List.of(defaults, production)) {
            for (JsonNode workload : chart.objects()) {
                JsonNode pod = workload.at("/spec/template/spec");
                if (pod.isMissingNode()) {
                    continue;
                }
                String what = workload.at("/metadata/name").asText();
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(what).isTrue();
                assertThat(pod.at("/securityContext/runAsUser").asInt()).as(what).isEqualTo(185);
                assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(what).isEqualTo("RuntimeDefault");
                assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).as(what).isFalse();
                assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("tmp");
                assertThat(pod.at("/volumes/0/emptyDir").isObject()).as(what).isTrue();

                JsonNode c = pod.at("/containers/0");
                assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(what).isTrue();
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
                assertThat(c.at("/securityContext/capabilities/drop/0").asText()).as(what).isEqualTo("ALL");
                assertThat(c.at("/volumeMounts/0/mountPath").asText()).as(what).isEqualTo("/tmp");
                assertThat(c.at("/resources/requests/cpu").asText()).as(what).isNotBlank();
                assertThat(c.at("/resources/limits/memory").asText()).as(what).isNotBlank();
            }
        }
    }

    @Test
    void trackerAndProcessorAutoscaleByDefaultSoTheirDeploymentsLeaveReplicasToTheHpa() {
        assertThat(defaults.ofKind("HorizontalPodAutoscaler")).extracting(h -> h.at("/spec/scaleTargetRef/name").asText())
                .containsExactlyInAnyOrder(RELEASE + "-freshet-subscription-tracker", RELEASE + "-freshet-queue-processor");
        JsonNode hpa = defaults.get("HorizontalPodAutoscaler", RELEASE + "-freshet-queue-processor");
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(8);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);

        assertThat(defaults.deployment("subscription-tracker").at("/spec").has("replicas")).isFalse();
        assertThat(defaults.deployment("queue-processor").at("/spec").has("replicas")).isFalse();
        assertThat(defaults.deployment("staleness-checker").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(defaults.deployment("registry-admin").at("/spec/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void withAutoscalingOffTheDeploymentsTakeTheirReplicaCounts() {
        assertThat(production.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(production.deployment("subscription-tracker").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(production.deployment("queue-processor").at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(production.deployment("registry-admin").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void disruptionBudgetsOnlyWhereTheyCanBeMetDuringADrain() {
        assertThat(defaults.ofKind("PodDisruptionBudget")).extracting(p -> p.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(RELEASE + "-freshet-subscription-tracker", RELEASE + "-freshet-queue-processor",
                        RELEASE + "-freshet-staleness-checker");
        assertThat(production.ofKind("PodDisruptionBudget")).extracting(p -> p.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(RELEASE + "-freshet-subscription-tracker", RELEASE + "-freshet-queue-processor",
                        RELEASE + "-freshet-registry-admin");
        JsonNode pdb = defaults.get("PodDisruptionBudget", RELEASE + "-freshet-queue-processor");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("queue-processor");
    }

    @Test
    void imagesDefaultToTheAppVersionAndTakeTheRegistryAndTagFromValues() {
        assertThat(container(defaults.deployment("queue-processor")).path("image").asText()).isEqualTo("freshet/queue-processor:0.1.0");
        assertThat(container(production.deployment("queue-processor")).path("image").asText())
                .isEqualTo("registry.example.com/freshet/freshet/queue-processor:0.1.0");
        assertThat(container(production.deployment("subscription-tracker")).path("image").asText())
                .isEqualTo("registry.example.com/freshet/freshet/subscription-tracker:1.2.3");
        assertThat(production.deployment("registry-admin").at("/spec/template/spec/imagePullSecrets/0/name").asText())
                .isEqualTo("registry-credentials");
    }

    @Test
    void serviceMonitorOnlyWhenEnabledAndThenScrapesEveryServicesMetrics() {
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();

        JsonNode monitor = production.get("ServiceMonitor", RELEASE + "-freshet");
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        List<String> scraped = new ArrayList<>();
        for (JsonNode service : production.ofKind("Service")) {
            boolean selected = fieldNames(selector).stream().allMatch(label ->
                    service.at("/metadata/labels").path(label).asText().equals(selector.path(label).asText()));
            if (selected) {
                scraped.add(service.at("/metadata/name").asText());
                assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
                assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("management");
                assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("management");
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(COMPONENTS.stream().map(c -> RELEASE + "-freshet-" + c + "-management").toList());
    }

    @Test
    void theManagementPortIsInNoServiceAnIngressRoutesTo() {
        for (RenderedChart chart : List.of(defaults, production)) {
            for (JsonNode ingress : chart.ofKind("Ingress")) {
                String backend = ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText();
                JsonNode service = chart.get("Service", backend);
                assertThat(service.at("/spec/ports")).as(backend).hasSize(1);
                assertThat(service.at("/spec/ports/0/targetPort").asText()).as(backend).isEqualTo("http");
            }
            for (String component : COMPONENTS) {
                assertThat(chart.get("Service", RELEASE + "-freshet-" + component).at("/spec/ports")).as(component).hasSize(1);
            }
        }
        for (JsonNode service : defaults.ofKind("Service")) {
            boolean management = service.at("/metadata/name").asText().endsWith("-management");
            if (management) {
                assertThat(service.at("/spec/type").asText()).as("never exposed outside the cluster").isEqualTo("ClusterIP");
            }
            assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo(management ? "management" : "http");
        }
        assertThat(defaults.ofKind("Service")).as("an application and an internal management Service each")
                .hasSize(2 * COMPONENTS.size());
    }

    @Test
    void trackerCorsOriginsAreTheListedOnesAndNoneByDefault() {
        var trackerDefault = container(defaults.deployment("subscription-tracker"));
        assertThat(envNames(trackerDefault)).doesNotContain("FRESHET_TRACKER_CORS_ORIGINS");
        assertThat(envValue(trackerDefault, "QUARKUS_HTTP_CORS_ENABLED")).isEqualTo("false");
        var trackerProduction = container(production.deployment("subscription-tracker"));
        assertThat(envValue(trackerProduction, "FRESHET_TRACKER_CORS_ORIGINS"))
                .isEqualTo("https://app.example.com,https://freshet-admin.example.com");
        assertThat(envNames(trackerProduction)).doesNotContain("QUARKUS_HTTP_CORS_ENABLED");
        assertThat(envNames(container(production.deployment("registry-admin")))).as("the live view's tokens")
                .contains("FRESHET_TRACKER_TOKENS_SECRET");
    }

    @Test
    void forwardedClientAddressesAreTrustedFromTheListedProxiesOnlyAndFromNoneByDefault() {
        var trackerDefault = container(defaults.deployment("subscription-tracker"));
        assertThat(envNames(trackerDefault)).doesNotContain("FRESHET_TRACKER_PROXY_FORWARDING", "FRESHET_TRACKER_TRUSTED_PROXIES");
        var trackerProduction = container(production.deployment("subscription-tracker"));
        assertThat(envValue(trackerProduction, "FRESHET_TRACKER_PROXY_FORWARDING")).isEqualTo("true");
        assertThat(envValue(trackerProduction, "FRESHET_TRACKER_TRUSTED_PROXIES")).isEqualTo("10.0.0.0/8,192.168.1.7");
        assertThat(envNames(container(production.deployment("queue-processor")))).doesNotContain("FRESHET_TRACKER_TRUSTED_PROXIES");
    }

    @Test
    void ingressesOnlyWhenEnabledPointAtTheAdminAndTrackerServices() {
        assertThat(defaults.ofKind("Ingress")).isEmpty();

        JsonNode tracker = production.get("Ingress", RELEASE + "-freshet-subscription-tracker");
        assertThat(tracker.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(tracker.at("/spec/tls/0/secretName").asText()).isEqualTo("api-tls");
        assertThat(tracker.at("/spec/rules/0/host").asText()).isEqualTo("api.freshet.example.com");
        assertThat(tracker.at("/spec/rules/0/http/paths/0/backend/service/name").asText())
                .isEqualTo(RELEASE + "-freshet-subscription-tracker");
        JsonNode admin = production.get("Ingress", RELEASE + "-freshet-registry-admin");
        assertThat(admin.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo(RELEASE + "-freshet-registry-admin");
        assertThat(admin.at("/spec").has("tls")).isFalse();
    }

    @Test
    void perServiceConfigGoesIntoItsOwnConfigMapAndRollsThePods() {
        JsonNode processorConfig = production.get("ConfigMap", RELEASE + "-freshet-queue-processor").path("data");
        assertThat(processorConfig.path("FRESHET_PROCESSOR_BATCH_SIZE").asText()).isEqualTo("50");
        assertThat(container(production.deployment("queue-processor")).at("/envFrom/1/configMapRef/name").asText())
                .isEqualTo(RELEASE + "-freshet-queue-processor");
        assertThat(production.sharedConfig().path("QUARKUS_LOG_LEVEL").asText()).isEqualTo("DEBUG");

        String checksum = "/spec/template/metadata/annotations/checksum~1config";
        assertThat(production.deployment("queue-processor").at(checksum).asText())
                .isNotEqualTo(defaults.deployment("queue-processor").at(checksum).asText())
                .isNotBlank();
    }

    @Test
    void aDisabledServiceRendersNothing() {
        RenderedChart chart = RenderedChart.with(Map.of("checker.enabled", false));

        assertThat(chart.objects()).noneMatch(o -> o.at("/metadata/name").asText().contains("staleness-checker"));
        assertThat(chart.ofKind("Deployment")).hasSize(3);
    }

    @Test
    void aProviderNameThatCannotBeAnEnvironmentVariableIsRefused() {
        assertThatThrownBy(() -> RenderedChart.with(Map.of("providers.my-api.baseUrl", "http://x")))
                .hasMessageContaining("lower-case letters and digits");
    }

    @Test
    void renderingWithoutADatabaseSecretFailsWithAClearMessage() {
        assertThatThrownBy(() -> RenderedChart.with(Map.of("database.existingSecret", "")))
                .hasMessageContaining("database.existingSecret is required");
    }

    @Test
    void notesTellHowToReachTheAdminUiByPortForwardAndByIngressWhenEnabled() {
        String notes = notes(null);
        assertThat(notes).contains("kubectl --namespace freshet port-forward svc/prod-freshet-registry-admin 8084:8084")
                .contains("get secret prod-freshet-admin-users")
                .doesNotContain("logs deploy/prod-freshet-registry-admin")
                .doesNotContain("https://admin.freshet.example.com");

        assertThat(notes(Deploy.testResource("values-production.yaml")))
                .contains("http://admin.freshet.example.com/")
                .contains("https://api.freshet.example.com/v1/subscriptions")
                .contains("password in Secret admin-users");
    }

    private static String notes(java.nio.file.Path valuesFile) {
        var install = new Helm(RenderedChart.CHART).install().withName(RELEASE).withNamespace("freshet")
                .withKubeVersion(RenderedChart.KUBE_VERSION).dryRun().clientOnly();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    private static String secretRef(JsonNode container, String name) {
        JsonNode ref = env(container, name).orElseThrow(() -> new AssertionError("no env " + name)).at("/valueFrom/secretKeyRef");
        return ref.path("name").asText() + "/" + ref.path("key").asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }
}
