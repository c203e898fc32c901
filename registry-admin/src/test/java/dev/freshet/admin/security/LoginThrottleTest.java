package dev.freshet.admin.security;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.freshet.admin.AdminApi.ADMIN;
import static dev.freshet.admin.AdminApi.ADMIN_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(LoginThrottleTest.LowThresholds.class)
class LoginThrottleTest {

    public static class LowThresholds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("freshet.admin.security.login-throttle.username-threshold", "3",
                    "freshet.admin.security.login-throttle.address-threshold", "8",
                    "freshet.admin.security.login-throttle.lockout", "10m");
        }
    }

    private final TestSql sql = TestSql.current();

    @Inject
    LocalUsers users;

    private static int login(String user, String password) {
        return given().auth().preemptive().basic(user, password).get("/api/v1/flags").statusCode();
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameEvenAgainstTheRightPasswordAndTheLockoutIsAudited() {
        String password = users.provision("guessed-user", Roles.ADMIN).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertThat(login("guessed-user", password)).isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            assertThat(login("guessed-user", "guess-" + i)).isEqualTo(401);
        }

        assertThat(login("guessed-user", password)).as("locked: the right password is refused too").isEqualTo(401);
        assertThat(sql.count("""
                select count(*) from audit_log where entity_type = 'login' and entity_id = 'user:guessed-user'
                  and action = 'lockout' and (after ->> 'failures')::int = 3""")).isEqualTo(1);

        // the whole address then locks out once enough names have been guessed from it, the admin's too
        for (int i = 0; i < 5; i++) {
            login("sprayed-" + i, "guess");
        }
        assertThat(login(ADMIN, ADMIN_PASSWORD)).isEqualTo(401);
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'login' and entity_id like 'address:%' and action = 'lockout'"))
                .isEqualTo(1);
    }
}
