package dev.freshet.admin.security;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.freshet.admin.AdminApi.ADMIN;
import static dev.freshet.admin.AdminApi.ADMIN_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** OIDC verified against a local signing key (offline verification): no identity provider, no network. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(OidcTokenTest.LocalIssuer.class)
class OidcTokenTest {

    static final String ISSUER = "https://idp.freshet.test/realms/ops";
    static final KeyPair KEYS = keys();

    public static class LocalIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.token.audience", "freshet-admin",
                    "freshet.admin.security.local-users-enabled", "false");
        }
    }

    private static String token(String audience) {
        return Jwt.issuer(ISSUER).audience(audience).subject("ops-user").upn("ops-user").groups(Set.of("admin"))
                .expiresIn(300).sign(KEYS.getPrivate());
    }

    @Test
    void aTokenForThisAudienceIsAcceptedAndOneForAnotherApplicationIsRefused() {
        given().auth().oauth2(token("freshet-admin")).get("/api/v1/flags").then().statusCode(200);
        given().auth().oauth2(token("another-app")).get("/api/v1/flags").then().statusCode(401);
    }

    @Test
    void localBasicUsersAreOffWhenOidcIsTheWayIn() {
        given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD).get("/api/v1/flags").then().statusCode(401);
    }

    @Test
    void anIssuerWithoutAnAudienceOrNoWayInAtAllStopsTheStart() {
        assertThat(AuthenticationSettings.problems(Optional.of(ISSUER), Optional.empty(), true))
                .singleElement().asString().contains("without an audience");
        assertThat(AuthenticationSettings.problems(Optional.empty(), Optional.empty(), false))
                .singleElement().asString().contains("nobody could sign in");
        assertThat(AuthenticationSettings.problems(Optional.of(ISSUER), Optional.of(List.of("freshet-admin")), false)).isEmpty();
        assertThat(AuthenticationSettings.problems(Optional.empty(), Optional.empty(), true)).isEmpty();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
