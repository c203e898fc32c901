package dev.freshet.admin.security;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.admin.AdminConfig;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.freshet.admin.AdminApi.anonymous;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SecurityTest {

    private final TestSql sql = TestSql.current();

    @Inject
    LocalUsers users;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.oidc.tenant-enabled")
    boolean oidcEnabled;

    @Test
    void oidcIsOffWithoutAnIssuerSoTheAppNeedsNoNetwork() {
        assertThat(oidcEnabled).isFalse();
        given().auth().oauth2("some.bearer.token").get("/api/v1/registry").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void everyAdminEndpointAnswers401WithAChallengeWithoutCredentials() {
        for (String path : new String[]{"/api/v1/registry", "/api/v1/flags", "/api/v1/quotas", "/api/v1/queue/stats",
                "/api/v1/audit", "/api/v1/admin/scheduler-health", "/api/v1/admin/features/staleness",
                "/api/v1/admin/scheduler/execution-history", "/api/v1/admin/quota", "/api/v1/admin/quota/forecast",
                "/api/v1/admin/bottlenecks", "/api/v1/admin/explain/quote/AAPL"}) {
            anonymous().get(path).then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Basic realm=\"freshet\""))
                    .body("status", equalTo(401));
        }
    }

    @Test
    void aWrongPasswordIsRejectedWith401AndChangesNothing() {
        given().auth().preemptive().basic("admin", "not-the-password").contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/flags/use_queue_system")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(sql.value("select enabled from feature_flags where flag_name = 'use_queue_system'")).isEqualTo(true);
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void aMalformedAuthorizationHeaderIsA401() {
        given().header("Authorization", "Basic !!!not-base64").get("/api/v1/registry").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Basic"));
        given().header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()))
                .get("/api/v1/registry").then().statusCode(401);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("freshet-admin-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutAConfiguredPasswordTheFirstStartWritesItToAnOwnerOnlyFileNeverToTheLog() throws Exception {
        Path file = tempDir().resolve("secrets/admin-password");
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(LocalUsers.class.getName());
        Handler capture = new Handler() {
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }

            public void flush() {
            }

            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            new LocalUsers(pool, config(user("first-start-admin", null), file)).onStart(null);
        } finally {
            log.removeHandler(capture);
        }
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(24);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(password)).anyMatch(line -> line.contains(file.toString()));
        Object first = sql.value("select password_hash from admin_local_users where username = 'first-start-admin'");
        assertThat(sql.value("select role from admin_local_users where username = 'first-start-admin'")).isEqualTo("admin");
        assertThat(PasswordHasher.verify(password, (String) first)).isTrue();

        new LocalUsers(pool, config(user("first-start-admin", null), file)).onStart(null);
        assertThat(sql.value("select password_hash from admin_local_users where username = 'first-start-admin'")).isEqualTo(first);
        assertThat(Files.readString(file).strip()).as("a later start leaves the file alone").isEqualTo(password);
    }

    @Test
    void configuringAPasswordRevokesTheGeneratedUserAndAuditsIt() {
        Path file = tempDir().resolve("revoked-admin-password");
        new LocalUsers(pool, config(user("later-configured", null), file)).onStart(null);
        String generated = readPassword(file);
        given().auth().preemptive().basic("later-configured", generated).get("/api/v1/flags").then().statusCode(200);

        new LocalUsers(pool, config(user("later-configured", "chosen-by-the-operator"), file)).onStart(null);

        given().auth().preemptive().basic("later-configured", generated).get("/api/v1/flags").then().statusCode(401);
        assertThat(sql.count("select count(*) from admin_local_users where username = 'later-configured'")).isZero();
        assertThat(sql.count("""
                select count(*) from audit_log where entity_type = 'local_user' and entity_id = 'later-configured'
                  and action = 'revoke' and actor = 'system'""")).isEqualTo(1);
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AdminConfig.LocalUser user(String name, String password) {
        return new AdminConfig.LocalUser() {
            public String username() {
                return name;
            }

            public Optional<String> password() {
                return Optional.ofNullable(password);
            }
        };
    }

    private static AdminConfig config(AdminConfig.LocalUser admin, Path passwordFile) {
        return new AdminConfig() {
            public Security security() {
                return new Security() {
                    public LocalUser admin() {
                        return admin;
                    }

                    public LocalUser viewer() {
                        return user("viewer", null);
                    }

                    public String realm() {
                        return "freshet";
                    }

                    public Path generatedPasswordFile() {
                        return passwordFile;
                    }

                    public int hashingThreads() {
                        return 1;
                    }

                    public int hashingQueue() {
                        return 4;
                    }

                    public boolean localUsersEnabled() {
                        return true;
                    }

                    public Throttle loginThrottle() {
                        throw new UnsupportedOperationException("not used at start-up");
                    }
                };
            }

            public Duration presenceTtl() {
                return Duration.ofSeconds(90);
            }

            public int defaultPageSize() {
                return 50;
            }

            public int maxPageSize() {
                return 500;
            }

            public Duration reportWindow() {
                return Duration.ofHours(24);
            }

            public Duration schedulerLookback() {
                return Duration.ofDays(7);
            }

            public Duration schedulerSilenceAfter() {
                return Duration.ofMinutes(15);
            }

            public Duration collectedDataMetricsInterval() {
                return Duration.ofSeconds(60);
            }

            public Duration forecastRateWindow() {
                return Duration.ofMinutes(15);
            }

            public int worstOffenders() {
                return 10;
            }
        };
    }

    @Test
    void aViewerReadsButGets403WhenWriting() {
        asViewer().get("/api/v1/flags").then().statusCode(200);
        asViewer().body(Map.of("enabled", false)).put("/api/v1/flags/use_queue_system")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        asViewer().body(Map.of("callsPerMinute", 1, "version", 1)).put("/api/v1/quotas/fmp").then().statusCode(403);
        asViewer().delete("/api/v1/registry/quote?force=true").then().statusCode(403);
        asViewer().post("/api/v1/queue/jobs/1/cancel").then().statusCode(403);
        assertThat(sql.value("select enabled from feature_flags where flag_name = 'use_queue_system'")).isEqualTo(true);
        assertThat(sql.count("select count(*) from data_type_registry where data_type = 'quote'")).isEqualTo(1);
    }

    @Test
    void healthMetricsAndOpenApiStayOpenOnTheManagementPort() {
        anonymous().port(ManagementInterface.port()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("schema"));
        anonymous().port(ManagementInterface.port()).get("/q/health/live").then().statusCode(200);
        anonymous().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200);
        anonymous().port(ManagementInterface.port()).get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/registry"));
    }

    @Test
    void aGeneratedPasswordIsStoredOnlyAsAHashAndWorksOnce() {
        Optional<String> password = users.provision("ops-generated", Roles.ADMIN).await().atMost(Duration.ofSeconds(10));
        assertThat(password).isPresent();
        String hash = (String) sql.value("select password_hash from admin_local_users where username = 'ops-generated'");
        assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain(password.get());

        // a second start (or another replica) keeps the first password and never sees a new one
        assertThat(users.provision("ops-generated", Roles.ADMIN).await().atMost(Duration.ofSeconds(10))).isEmpty();

        given().auth().preemptive().basic("ops-generated", password.get()).contentType("application/json")
                .body(Map.of("enabled", true, "description", "generated admin may write"))
                .put("/api/v1/flags/ops_generated_check").then().statusCode(200);
        assertThat(sql.value("select actor from audit_log where entity_type = 'flag' and entity_id = 'ops_generated_check'"))
                .isEqualTo("ops-generated");
        given().auth().preemptive().basic("ops-generated", "wrong").get("/api/v1/flags").then().statusCode(401);
    }

    @Test
    void aGeneratedViewerCannotWrite() {
        String password = users.provision("ops-viewer", Roles.VIEWER).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        given().auth().preemptive().basic("ops-viewer", password).get("/api/v1/registry").then().statusCode(200);
        given().auth().preemptive().basic("ops-viewer", password).contentType("application/json")
                .body(Map.of("enabled", true)).put("/api/v1/flags/viewer_attempt").then().statusCode(403);
        assertThat(sql.count("select count(*) from feature_flags where flag_name = 'viewer_attempt'")).isZero();
    }

    @Test
    void passwordHashesVerifyOnlyTheirPassword() {
        String hash = PasswordHasher.hash("s3cret");
        assertThat(PasswordHasher.verify("s3cret", hash)).isTrue();
        assertThat(PasswordHasher.verify("s3cret ", hash)).isFalse();
        assertThat(PasswordHasher.hash("s3cret")).isNotEqualTo(hash);
        assertThat(PasswordHasher.verify("s3cret", "garbage")).isFalse();
    }
}
