package dev.freshet.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The compose file cannot be run here (no container runtime): these checks hold what it must say. */
class ComposeFileTest {

    private static final Map<String, Integer> SERVICES = Map.of(
            "subscription-tracker", 8081, "queue-processor", 8082, "staleness-checker", 8083, "registry-admin", 8084);

    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(Deploy.dir().resolve("compose/compose.yaml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = map(compose.get("services"));
        }
    }

    @Test
    void composeRunsPostgresTheMigrationTheFourServicesAndTheSimulator() {
        assertThat(services).containsOnlyKeys("postgres", "migrate", "simulator",
                "subscription-tracker", "queue-processor", "staleness-checker", "registry-admin");
        assertThat(map(services.get("postgres")).get("image")).isEqualTo("postgres:17");
    }

    @Test
    void everyFreshetServiceHasTheDatabaseEnvironmentAndAReadinessHealthcheck() {
        SERVICES.forEach((name, port) -> {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env).as(name).containsKeys("FRESHET_DB_URL", "FRESHET_DB_USER", "FRESHET_DB_PASSWORD");
            assertThat(env.get("FRESHET_DB_URL")).as(name).isEqualTo("postgresql://postgres:5432/freshet");
            assertThat(env.get("QUARKUS_HTTP_PORT")).as(name).isEqualTo(port.toString());
            assertThat(env.get("QUARKUS_MANAGEMENT_PORT")).as(name).isEqualTo(String.valueOf(port + 1000));
            assertThat(String.join(" ", strings(map(service.get("healthcheck")).get("test"))))
                    .as(name).contains("http://localhost:" + (port + 1000) + "/q/health/ready");
            assertThat(service.get("image")).isEqualTo("freshet/" + name + ":${FRESHET_IMAGE_TAG:-0.1.0}");
            assertThat(strings(service.get("ports"))).containsExactly("127.0.0.1:" + port + ":" + port);
        });
        assertThat(map(services.get("postgres")).get("healthcheck")).isNotNull();
        assertThat(map(services.get("simulator")).get("healthcheck")).isNotNull();
    }

    @Test
    void eachServiceConnectsAsItsOwnRoleAndOnlyTheMigrationAsTheSuperuser() throws IOException {
        Map<String, String> roles = Map.of("subscription-tracker", "tracker", "queue-processor", "processor",
                "staleness-checker", "checker", "registry-admin", "admin");
        Map<String, Object> postgresEnv = map(map(services.get("postgres")).get("environment"));
        roles.forEach((name, role) -> {
            Map<String, Object> env = map(map(services.get(name)).get("environment"));
            assertThat(env.get("FRESHET_DB_USER")).as(name).isEqualTo("freshet_" + role + "_login");
            assertThat(env.get("FRESHET_DB_PASSWORD")).as(name).isEqualTo("${FRESHET_" + role.toUpperCase() + "_DB_PASSWORD:-freshet-" + role + "}");
            assertThat(postgresEnv).as("the init script creates the login with this password").containsKey("FRESHET_" + role.toUpperCase() + "_DB_PASSWORD");
        });
        assertThat(map(map(services.get("migrate")).get("environment")).get("FRESHET_DB_USER")).isEqualTo(postgresEnv.get("POSTGRES_USER"));
        assertThat(strings(map(services.get("postgres")).get("volumes"))).contains("./initdb:/docker-entrypoint-initdb.d:ro");
        String script = Files.readString(Deploy.dir().resolve("compose/initdb/10-service-roles.sh"));
        assertThat(script).contains("for service in tracker processor checker admin", "login password %L in role %I");
    }

    @Test
    void onlyTheOneShotMigrationMigratesAndTheServicesWaitForIt() {
        Map<String, Object> migrate = map(services.get("migrate"));
        Map<String, Object> migrateEnv = map(migrate.get("environment"));
        assertThat(migrate.get("image")).isEqualTo("freshet/registry-admin:${FRESHET_IMAGE_TAG:-0.1.0}");
        assertThat(migrateEnv).containsEntry("QUARKUS_INIT_AND_EXIT", "true").containsEntry("FRESHET_MIGRATE_AT_START", "true")
                .containsKeys("FRESHET_DB_URL", "FRESHET_DB_USER", "FRESHET_DB_PASSWORD");
        assertThat(migrate.get("restart")).isEqualTo("no");

        for (String name : SERVICES.keySet()) {
            Map<String, Object> service = map(services.get(name));
            assertThat(map(service.get("environment")))
                    .containsEntry("FRESHET_MIGRATE_AT_START", "false").containsEntry("FRESHET_VALIDATE_AT_START", "true");
            Map<String, Object> dependsOn = map(service.get("depends_on"));
            assertThat(map(dependsOn.get("migrate")).get("condition")).as(name).isEqualTo("service_completed_successfully");
            assertThat(map(dependsOn.get("postgres")).get("condition")).as(name).isEqualTo("service_healthy");
        }
    }

    @Test
    void servicesRunOnAReadOnlyRootWithAWritableTmpAndNoCapabilities() {
        for (String name : SERVICES.keySet()) {
            Map<String, Object> service = map(services.get(name));
            assertThat(service.get("read_only")).as(name).isEqualTo(true);
            assertThat(strings(service.get("tmpfs"))).as(name).contains("/tmp");
            assertThat(strings(service.get("cap_drop"))).as(name).contains("ALL");
        }
    }

    @Test
    void theProcessorCallsTheSimulatorUnlessRealProvidersAreConfigured() {
        Map<String, Object> env = map(map(services.get("queue-processor")).get("environment"));

        assertThat(env.get("FRESHET_PROVIDERS_FMP_BASE_URL")).isEqualTo("${FRESHET_PROVIDERS_FMP_BASE_URL:-http://simulator:8090}");
        assertThat(env.get("FRESHET_PROVIDERS_POLYGON_BASE_URL")).isEqualTo("${FRESHET_PROVIDERS_POLYGON_BASE_URL:-http://simulator:8090}");
        assertThat(strings(map(services.get("simulator")).get("command"))).containsSequence("--bind", "0.0.0.0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static List<String> strings(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return ((List<?>) node).stream().map(String::valueOf).toList();
    }
}
