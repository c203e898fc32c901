package dev.freshet.testsupport.edge;

import java.util.Map;

/**
 * One endpoint a corpus aims at, in a form that is valid: the generator breaks it in one way at a time.
 *
 * @param path  with {@code {name}} placeholders standing for path parameters, filled with {@code pathValues}
 * @param query valid query parameters (may be empty)
 * @param body  a valid JSON body, or null for none; {@code {{client}}} stands for the request's client id
 */
public record Endpoint(String method, String path, Map<String, String> pathValues, Map<String, String> query, String body) {

    public static Endpoint get(String path, Map<String, String> pathValues, Map<String, String> query) {
        return new Endpoint("GET", path, pathValues, query, null);
    }

    public static Endpoint send(String method, String path, Map<String, String> pathValues, String body) {
        return new Endpoint(method, path, pathValues, Map.of(), body);
    }
}
