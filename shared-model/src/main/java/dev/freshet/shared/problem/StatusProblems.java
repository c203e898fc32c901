package dev.freshet.shared.problem;

import jakarta.ws.rs.core.Response;

/** The problem for an answer known only by its status: one wording whether JAX-RS or the HTTP layer produced it. */
final class StatusProblems {

    private StatusProblems() {
    }

    static Problem of(int status, String path, String otherwise) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        boolean saysMore = otherwise != null && !otherwise.isBlank() && !otherwise.startsWith("HTTP " + status);
        String detail = switch (status) {
            case 404 -> "no resource at " + path;
            case 405 -> "method not allowed on " + path;
            case 415 -> "unsupported media type; send application/json";
            case 500 -> "the request could not be completed; the cause is logged";
            default -> saysMore ? otherwise : canned(status, title);
        };
        return Problem.of(status, title, detail).withInstance(path);
    }

    private static String canned(int status, String title) {
        return switch (status) {
            case 400 -> "the request could not be read (its request line, path, query or framing is malformed)";
            case 413 -> "the request body is too large";
            case 414 -> "the request target is too long";
            case 431 -> "the request headers are too large";
            default -> title;
        };
    }
}
