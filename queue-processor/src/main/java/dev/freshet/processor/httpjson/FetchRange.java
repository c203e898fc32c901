package dev.freshet.processor.httpjson;

import dev.freshet.shared.handler.HttpJsonConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The time range one call asks for, both ends inclusive as the {@code {from}}/{@code {to}} and
 * {@code {fromMillis}}/{@code {toMillis}} placeholders give it.
 *
 * @param cutShort the range stops before now: more is due after this call
 * @param unit     the record time's resolution (a day for dates, a second for epoch seconds, else a
 *                 millisecond): the next record after a stored one is at least this much later
 */
record FetchRange(Instant from, Instant to, boolean cutShort, Duration unit) {

    private static final Duration MILLI = Duration.ofMillis(1);

    /** A fixed look-back: from midnight UTC {@code lookbackDays} ago up to now. */
    static FetchRange lookback(int lookbackDays, Instant now) {
        Instant from = today(now).minusDays(lookbackDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new FetchRange(from, now, false, MILLI);
    }

    /**
     * Just after what is covered (less the overlap), or from the backfill start when nothing is
     * stored, for at most maxDaysPerCall days and never past now.
     */
    static FetchRange incremental(HttpJsonConfig.Incremental inc, String columnType, Instant lastCovered, Instant now) {
        Duration unit = unit(columnType);
        Instant from = lastCovered == null ? inc.backfillStart(now) : lastCovered.plus(unit).minus(inc.overlap());
        Instant end = from.plus(inc.maxRange());
        boolean cutShort = end.isBefore(now);
        return new FetchRange(from, cutShort ? end.minus(MILLI) : now, cutShort, unit);
    }

    /** Nothing new can exist yet (the range would start at or after now): no call is worth making. */
    boolean nothingDue(Instant now) {
        return !from.isBefore(now);
    }

    /** The latest record time this range covers, in the record time's own resolution. */
    Instant lastRecordTimeCovered() {
        if (unit.equals(Duration.ofDays(1))) {
            return to.truncatedTo(ChronoUnit.DAYS);
        }
        return unit.equals(Duration.ofSeconds(1)) ? to.truncatedTo(ChronoUnit.SECONDS) : to;
    }

    LocalDate fromDate() {
        return from.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    LocalDate toDate() {
        return to.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static LocalDate today(Instant now) {
        return now.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static Duration unit(String columnType) {
        return switch (columnType) {
            case "date" -> Duration.ofDays(1);
            case "epoch_seconds" -> Duration.ofSeconds(1);
            default -> MILLI;
        };
    }
}
