package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code handler_config} of the {@code http-json} handler, parsed and checked:
 * {@code path} (relative to the provider's base URL, placeholders {@code {symbol}}, {@code {symbols}},
 * {@code {apiKey}}, {@code {from}}, {@code {to}}, {@code {date}}, {@code {fromMillis}}, {@code {toMillis}}),
 * {@code records} (JSON pointer to the record array or object, "" = root), {@code columns} (target
 * column -> source field pointer and type, or a constant {@code value} and type), optional
 * {@code sanity} rules, optional {@code batch} (multi-symbol endpoint), optional {@code lookbackDays}
 * (for {@code {from}}, default 1), optional {@code incremental} (fetch from the newest stored record
 * on, in bounded chunks) and optional {@code retry} ({@code baseSeconds}, {@code capSeconds}).
 */
public record HttpJsonConfig(
        String path,
        String records,
        Map<String, Column> columns,
        List<SanityRule> sanity,
        Optional<Batch> batch,
        int lookbackDays,
        Optional<Incremental> incremental) {

    /**
     * A target column: read from the record at {@code field} (a JSON pointer), or, when {@code field}
     * is null, the constant {@code value} (a JSON string, number or boolean) in every row.
     */
    public record Column(String field, String type, Object value) {

        public boolean constant() {
            return field == null && value != null;
        }
    }

    /**
     * Fetch what is new rather than a fixed look-back: each call's range starts just after the newest
     * stored record time ({@code column}, minus {@code overlapMinutes} to pick up corrections), or at
     * the backfill start when nothing is stored ({@code backfillFrom}, else {@code backfillDays} before
     * today, UTC), and spans at most {@code maxDaysPerCall} days; a range cut short of now is
     * continued by a follow-up job at once.
     */
    public record Incremental(String column, Optional<LocalDate> backfillFrom, int backfillDays, int maxDaysPerCall,
                              int overlapMinutes) {

        public Duration maxRange() {
            return Duration.ofDays(maxDaysPerCall);
        }

        public Duration overlap() {
            return Duration.ofMinutes(overlapMinutes);
        }

        /** Where a symbol with nothing stored starts: midnight UTC of the backfill day. */
        public Instant backfillStart(Instant now) {
            LocalDate day = backfillFrom.orElseGet(() -> now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(backfillDays));
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** The constant columns and their values (each row of this data type carries them). */
    public Map<String, Object> constants() {
        Map<String, Object> out = new LinkedHashMap<>();
        columns.forEach((name, c) -> {
            if (c.constant()) {
                out.put(name, c.value());
            }
        });
        return out;
    }

    /** The value must be present and strictly between the bounds that are given. */
    public record SanityRule(String column, BigDecimal greaterThan, BigDecimal lessThan) {

        public boolean accepts(BigDecimal v) {
            return v != null && (greaterThan == null || v.compareTo(greaterThan) > 0)
                    && (lessThan == null || v.compareTo(lessThan) < 0);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder(column);
            if (greaterThan != null) {
                sb.append(" > ").append(greaterThan.toPlainString());
            }
            if (lessThan != null) {
                sb.append(greaterThan != null ? " and" : "").append(" < ").append(lessThan.toPlainString());
            }
            return sb.toString();
        }
    }

    /** A multi-symbol endpoint: up to maxSymbols per call; each record names its symbol at symbolField. */
    public record Batch(String path, int maxSymbols, String symbolField) {
    }

    /**
     * Parses a config, throwing {@link IllegalArgumentException} listing every problem when it is
     * invalid (see {@link HttpJsonConfigParser}).
     */
    public static HttpJsonConfig parse(JsonObject config) {
        return HttpJsonConfigParser.parse(config);
    }
}
