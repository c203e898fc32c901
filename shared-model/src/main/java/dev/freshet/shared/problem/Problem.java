package dev.freshet.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer. Its text is bounded when it is built,
 * whatever the input was: a request with 100,000 bad entries or a 60 KiB path still gets a short answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Longest title, detail and instance, in characters. */
    public static final int MAX_TEXT = 500;
    /** Most entries in {@code errors}; the rest are counted in one last entry. */
    public static final int MAX_ERRORS = 20;
    /** Longest entry in {@code errors}, in characters. */
    public static final int MAX_ERROR_TEXT = 300;

    public Problem {
        title = StorableText.printable(title, MAX_TEXT);
        detail = StorableText.printable(detail, MAX_TEXT);
        instance = StorableText.printable(instance, MAX_TEXT);
        errors = errors == null || errors.isEmpty() ? null : bounded(errors);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    public Problem withErrors(List<String> errors) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    private static List<String> bounded(List<String> errors) {
        boolean alreadyBounded = errors.size() == MAX_ERRORS + 1 && errors.get(MAX_ERRORS).startsWith("… and ");
        if (alreadyBounded) {
            return List.copyOf(errors);
        }
        List<String> out = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS + 1));
        for (int i = 0; i < errors.size() && i < MAX_ERRORS; i++) {
            out.add(StorableText.printable(String.valueOf(errors.get(i)), MAX_ERROR_TEXT));
        }
        if (errors.size() > MAX_ERRORS) {
            out.add("… and " + (errors.size() - MAX_ERRORS) + " more");
        }
        return List.copyOf(out);
    }
}
