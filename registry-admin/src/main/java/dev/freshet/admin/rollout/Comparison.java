package dev.freshet.admin.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * What shadow refreshes of a data type found over a window, against the rows the live table held
 * at the time (written by the system Freshet is meant to replace).
 *
 * @param refreshesCompared shadow refreshes (jobs) in the window
 * @param rowsCompared      rows those refreshes fetched, plus live rows they did not return
 * @param matchRate         share of rows compared that are equal on both sides (null without rows)
 * @param rowsDiffering     rows present on both sides with at least one differing column
 * @param missingInLive     rows fetched that the live table does not hold
 * @param missingInNew      rows the live table holds that the fetch did not return
 * @param columnsDiffering  per column, the rows present on both sides that differ in it
 * @param samples           the newest differing or missing rows, old (live) and new value side by side
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Comparison(String dataType, String rolloutState, Instant since, Instant until,
                         int refreshesCompared, int rowsCompared, int rowsMatching, Double matchRate,
                         int rowsDiffering, int missingInLive, int missingInNew,
                         Instant firstRecordedAt, Instant lastRecordedAt,
                         List<ColumnCount> columnsDiffering, List<Sample> samples) {

    public record ColumnCount(String column, int rows) {
    }

    /** One differing or missing row; {@code kind} is {@code differs}, {@code missingInLive} or {@code missingInNew}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sample(String symbol, JsonNode rowKey, String kind, Instant recordedAt, Long jobId,
                         List<ColumnDiff> columns, JsonNode liveRow, JsonNode newRow) {
    }

    /** A column whose old (live) and new values differ. */
    public record ColumnDiff(String column, JsonNode liveValue, JsonNode newValue) {
    }
}
