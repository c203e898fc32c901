package dev.freshet.tracker.data;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of the cached rows of one data type for one symbol, newest first, with how fresh they are.
 *
 * @param truncated  more rows follow this page
 * @param nextCursor pass it as {@code cursor} for the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataResponse(String dataType, String symbol, String state, Instant updatedAt, boolean truncated,
                           String nextCursor, List<Map<String, Object>> rows) {
}
