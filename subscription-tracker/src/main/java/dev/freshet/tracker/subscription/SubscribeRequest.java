package dev.freshet.tracker.subscription;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Join or heartbeat for one symbol; {@code symbol} may be left out when every data type is global. */
@Schema(description = "Subscribe to (or heartbeat) several data types of one symbol")
public record SubscribeRequest(
        @Schema(required = true, example = "web-7f3a2c") String clientId,
        @Schema(example = "AAPL") String symbol,
        @Schema(required = true, example = "[\"profile\", \"quote\"]") List<String> dataTypes) {
}
