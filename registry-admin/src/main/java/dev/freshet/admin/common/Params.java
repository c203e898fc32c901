package dev.freshet.admin.common;

import dev.freshet.shared.problem.ProblemException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Query parameters checked before they reach SQL: a malformed one is a 400, never a 500. */
public final class Params {

    private Params() {
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");
        }
    }

    public static String oneOf(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    public static int limit(Integer requested, int defaultSize, int max) {
        if (requested == null) {
            return defaultSize;
        }
        if (requested < 1 || requested > max) {
            throw ProblemException.badRequest("query parameter 'limit' must be between 1 and " + max);
        }
        return requested;
    }

    public static Long cursor(String value) {
        return whole("cursor", value, Long.MAX_VALUE);
    }

    /** A non-negative whole number up to {@code max}, or null when absent. */
    public static Long whole(String name, String value, long max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(value);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be a whole number between 0 and " + max);
        }
    }

    public static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
