package dev.freshet.tracker.subscription;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.freshet.tracker.request.CappedSymbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Join or heartbeat for a page of cards: several symbols, the same data types each. */
@Schema(description = "Subscribe to (or heartbeat) the same data types for up to 50 symbols")
public record BatchSubscribeRequest(
        @Schema(required = true, example = "web-7f3a2c") String clientId,
        @Schema(required = true, example = "[\"AAPL\", \"MSFT\", \"NVDA\"]") @JsonDeserialize(using = CappedSymbols.class) List<String> symbols,
        @Schema(required = true, example = "[\"quote\"]") List<String> dataTypes) {
}
