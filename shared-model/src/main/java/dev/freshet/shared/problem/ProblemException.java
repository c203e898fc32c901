package dev.freshet.shared.problem;

import java.time.Duration;
import java.util.List;

/** Thrown by resources and services to answer with a problem detail; never logged as an error. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<String> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail, List<String> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail, List.of(), null);
    }

    public static ProblemException badRequest(String detail, List<String> errors) {
        return new ProblemException(400, "Bad request", detail, errors, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, List.of(), null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(), null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of(), null);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "Too many requests", detail, List.of(), retryAfter);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem() {
        return Problem.of(status, title, getMessage()).withErrors(errors);
    }
}
