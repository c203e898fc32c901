package dev.freshet.processor.httpjson;

import dev.freshet.shared.handler.HttpJsonConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FetchRangeTest {

    private static final Instant NOW = Instant.parse("2025-07-10T12:34:56.789Z");

    private static HttpJsonConfig.Incremental inc(Optional<LocalDate> from, int backfillDays, int maxDays, int overlapMinutes) {
        return new HttpJsonConfig.Incremental("ts", from, backfillDays, maxDays, overlapMinutes);
    }

    @Test
    void nothingStoredStartsAtMidnightOfTheBackfillDayAndStopsAfterMaxDays() {
        FetchRange r = FetchRange.incremental(inc(Optional.empty(), 30, 7, 0), "epoch_millis", null, NOW);
        assertThat(r.from()).isEqualTo(Instant.parse("2025-06-10T00:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2025-06-16T23:59:59.999Z"));
        assertThat(r.cutShort()).isTrue();
        assertThat(r.fromDate()).isEqualTo(LocalDate.parse("2025-06-10"));
        assertThat(r.toDate()).as("inclusive dates cover exactly the 7 days").isEqualTo(LocalDate.parse("2025-06-16"));

        FetchRange fixed = FetchRange.incremental(inc(Optional.of(LocalDate.parse("2025-07-09")), 30, 7, 0), "epoch_millis", null, NOW);
        assertThat(fixed.from()).isEqualTo(Instant.parse("2025-07-09T00:00:00Z"));
        assertThat(fixed.to()).as("never past now").isEqualTo(NOW);
        assertThat(fixed.cutShort()).isFalse();
    }

    @Test
    void aStoredRecordStartsTheRangeOneUnitLaterLessTheOverlap() {
        Instant last = Instant.parse("2025-07-10T12:00:00Z");
        assertThat(FetchRange.incremental(inc(Optional.empty(), 7, 7, 0), "epoch_millis", last, NOW).from())
                .isEqualTo(Instant.parse("2025-07-10T12:00:00.001Z"));
        assertThat(FetchRange.incremental(inc(Optional.empty(), 7, 7, 0), "epoch_seconds", last, NOW).from())
                .isEqualTo(Instant.parse("2025-07-10T12:00:01Z"));
        assertThat(FetchRange.incremental(inc(Optional.empty(), 7, 7, 15), "timestamptz", last, NOW).from())
                .isEqualTo(Instant.parse("2025-07-10T11:45:00.001Z"));
        Instant lastDay = Instant.parse("2025-07-08T00:00:00Z");
        FetchRange daily = FetchRange.incremental(inc(Optional.empty(), 7, 1, 0), "date", lastDay, NOW);
        assertThat(daily.from()).isEqualTo(Instant.parse("2025-07-09T00:00:00Z"));
        assertThat(daily.cutShort()).isTrue();
        assertThat(daily.lastRecordTimeCovered()).as("in days, the day the range ends in").isEqualTo(daily.from());
    }

    @Test
    void aRangeStartingAtOrAfterNowHasNothingDue() {
        Instant today = Instant.parse("2025-07-10T00:00:00Z");
        assertThat(FetchRange.incremental(inc(Optional.empty(), 7, 7, 0), "date", today, NOW).nothingDue(NOW)).isTrue();
        assertThat(FetchRange.incremental(inc(Optional.empty(), 7, 7, 0), "epoch_millis", NOW.minusSeconds(60), NOW).nothingDue(NOW)).isFalse();
        assertThat(FetchRange.incremental(inc(Optional.of(LocalDate.parse("2025-08-01")), 0, 7, 0), "epoch_millis", null, NOW)
                .nothingDue(NOW)).isTrue();
    }

    @Test
    void theLookBackOfANonIncrementalTypeIsUnchanged() {
        FetchRange r = FetchRange.lookback(3, NOW);
        assertThat(r.fromDate()).isEqualTo(LocalDate.parse("2025-07-07"));
        assertThat(r.toDate()).isEqualTo(LocalDate.parse("2025-07-10"));
        assertThat(r.cutShort()).isFalse();
    }
}
