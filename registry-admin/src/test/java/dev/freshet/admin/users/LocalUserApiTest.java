package dev.freshet.admin.users;

import dev.freshet.admin.security.LocalUsers;
import dev.freshet.admin.security.Roles;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class LocalUserApiTest {

    private final TestSql sql = TestSql.current();

    @Inject
    LocalUsers users;

    private String provision(String name) {
        return users.provision(name, Roles.ADMIN).await().atMost(Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void listsConfiguredAndStoredUsersWithoutAnyHash() {
        provision("listed-user");
        Response r = asAdmin().get("/api/v1/users");
        r.then().statusCode(200);
        List<Map<String, Object>> all = r.jsonPath().getList("$");
        assertThat(all).anySatisfy(u -> assertThat(u).containsEntry("username", "admin").containsEntry("source", "configuration"));
        assertThat(all).anySatisfy(u -> assertThat(u).containsEntry("username", "listed-user").containsEntry("source", "stored")
                .containsEntry("generated", true).containsEntry("role", "admin"));
        assertThat(r.asString()).doesNotContain("pbkdf2");
        asViewer().get("/api/v1/users").then().statusCode(403);
    }

    @Test
    void rotatingAPasswordRetiresTheOldOneAndAuditsIt() {
        String old = provision("rotated-user");

        asAdmin().body(Map.of("password", "a-new-long-password")).put("/api/v1/users/rotated-user/password")
                .then().statusCode(200).body("username", equalTo("rotated-user")).body("password", nullValue());

        given().auth().preemptive().basic("rotated-user", old).get("/api/v1/flags").then().statusCode(401);
        given().auth().preemptive().basic("rotated-user", "a-new-long-password").get("/api/v1/flags").then().statusCode(200);
        assertThat(sql.value("select generated from admin_local_users where username = 'rotated-user'")).isEqualTo(false);
        assertThat(sql.count("""
                select count(*) from audit_log where entity_type = 'local_user' and entity_id = 'rotated-user'
                  and action = 'rotate_password' and actor = 'admin' and not (after::text like '%pbkdf2%')""")).isEqualTo(1);
    }

    @Test
    void rotatingWithoutAPasswordGeneratesOneAndAnswersItOnce() {
        provision("generated-again");
        String fresh = asAdmin().body(Map.of()).put("/api/v1/users/generated-again/password")
                .then().statusCode(200).extract().path("password");
        assertThat(fresh).hasSize(24);
        given().auth().preemptive().basic("generated-again", fresh).get("/api/v1/flags").then().statusCode(200);
    }

    @Test
    void deletingAUserStopsItsLogin() {
        String password = provision("deleted-user");
        given().auth().preemptive().basic("deleted-user", password).get("/api/v1/flags").then().statusCode(200);

        asAdmin().delete("/api/v1/users/deleted-user").then().statusCode(204);

        given().auth().preemptive().basic("deleted-user", password).get("/api/v1/flags").then().statusCode(401);
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'local_user' and entity_id = 'deleted-user' and action = 'delete'"))
                .isEqualTo(1);
        asAdmin().delete("/api/v1/users/deleted-user").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void configuredUsersAndShortPasswordsAreRefusedAndNothingChanges() {
        asAdmin().delete("/api/v1/users/admin").then().statusCode(409).contentType("application/problem+json");
        asAdmin().body(Map.of("password", "x")).put("/api/v1/users/viewer/password").then().statusCode(400);
        provision("short-password");
        asAdmin().body(Map.of("password", "too-short")).put("/api/v1/users/short-password/password")
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().body(Map.of("password", "long-enough-password")).put("/api/v1/users/nobody-here/password").then().statusCode(404);
        asViewer().delete("/api/v1/users/short-password").then().statusCode(403);
        assertThat(sql.count("select count(*) from admin_local_users where username = 'short-password'")).isEqualTo(1);
    }
}
