package dev.freshet.simulator.polygon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An aggregates request. {@code from}/{@code to} are inclusive bounds on bar start times; a date means the whole UTC
 * day. {@code limit} caps the minute bars read to build the answer, as Polygon's does (so for 1-minute bars it caps
 * the number of bars).
 */
public record AggsQuery(String ticker, int multiplier, Timespan timespan, long fromMillis, long toMillis,
        boolean adjusted, boolean ascending, int limit) {

    public static final int DEFAULT_LIMIT = 5000;
    public static final int MAX_LIMIT = 50_000;

    public AggsQuery {
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** One-minute bars, ascending, over [from, to]: what most callers want. */
    public static AggsQuery minutes(String ticker, Instant from, Instant to, int limit) {
        return new AggsQuery(ticker, 1, Timespan.MINUTE, from.toEpochMilli(), to.toEpochMilli(), true, true, limit);
    }

    public int bucketMinutes() {
        return multiplier * timespan.minutes();
    }

    /** The path and query that fetch the same bars over another window; used for {@code next_url}. */
    public String pathFor(long from, long to) {
        return "/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan.pathName() + "/" + from + "/"
                + to + "?adjusted=" + adjusted + "&sort=" + (ascending ? "asc" : "desc") + "&limit=" + limit;
    }

    /** Reads a path bound: unix milliseconds, or a date standing for the start (or end) of that UTC day. */
    public static long parseBound(String text, boolean endOfDay) {
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return Long.parseLong(text);
        }
        try {
            LocalDate date = LocalDate.parse(text);
            long startOfDay = date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            return endOfDay ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1 : startOfDay;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a date (YYYY-MM-DD) nor unix milliseconds");
        }
    }
}
