package dev.freshet.tracker.data;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The cached rows of one data type for one symbol, with how fresh they are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataResponse(String dataType, String symbol, String state, Instant updatedAt, boolean truncated,
                           List<Map<String, Object>> rows) {
}
