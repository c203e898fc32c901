package dev.freshet.tracker;

import dev.freshet.tracker.guard.ClientTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.spi.CDI;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Calls as a front-end makes them: JSON, with a valid client token (the test profile requires one). */
public final class Api {

    private Api() {
    }

    public static String newClient(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String token(String clientId) {
        return CDI.current().select(ClientTokens.class).get().issue(clientId, Instant.now().plusSeconds(3600));
    }

    public static RequestSpecification as(String clientId) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token(clientId));
    }

    public static Map<String, Object> subscribe(String clientId, String symbol, String... dataTypes) {
        return Map.of("clientId", clientId, "symbol", symbol, "dataTypes", List.of(dataTypes));
    }
}
