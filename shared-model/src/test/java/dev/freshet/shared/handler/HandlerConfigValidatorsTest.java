package dev.freshet.shared.handler;

import dev.freshet.shared.identifier.CatalogValidator;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class HandlerConfigValidatorsTest {

    @Inject
    Instance<HandlerConfigValidator> validators;
    @Inject
    Registry registry;
    @Inject
    CatalogValidator catalog;
    @Inject
    HttpJsonConfigValidator httpJson;

    private static final Map<String, String> PROFILE_COLUMNS = Map.of("symbol", "text", "price", "numeric",
            "company_name", "text", "refreshed_at", "timestamp with time zone");

    @Test
    void everyShippedDataTypesConfigIsValidForItsHandlerAndTable() {
        for (DataType dt : registry.all()) {
            HandlerConfigValidator v = validators.stream().filter(x -> x.handler().equals(dt.handler())).findFirst()
                    .orElseThrow(() -> new AssertionError("no validator for handler " + dt.handler()));
            Map<String, String> columns = catalog.check(dt.tableName(), Map.of()).await().atMost(Duration.ofSeconds(5)).columnTypes();
            assertThat(v.validate(dt.handlerConfig(), columns)).as(dt.dataType()).isEmpty();
        }
    }

    @Test
    void refusesAConfigMappingAColumnTheTableDoesNotHave() {
        JsonObject config = new JsonObject("""
                {"path": "/stable/profile?symbol={symbol}", "columns": {"ceo_salary": {"field": "/salary", "type": "numeric"}}}""");
        assertThat(httpJson.validate(config, PROFILE_COLUMNS)).containsExactly(
                "handler_config.columns.ceo_salary is not a column of the target table");
    }

    @Test
    void refusesInjectionInColumnNamesAbsoluteUrlsAndUnknownPlaceholders() {
        JsonObject config = new JsonObject("""
                {"path": "https://evil.example/{secret}",
                 "columns": {"price\\"; drop table profiles; --": {"field": "/price", "type": "numeric"},
                             "price": {"field": "price", "type": "money"}},
                 "sanity": [{"column": "price", "greaterThan": 10, "lessThan": 1}]}""");
        List<String> problems = httpJson.validate(config, PROFILE_COLUMNS);
        assertThat(problems).anyMatch(p -> p.contains("is not a valid column name"));
        assertThat(problems).anyMatch(p -> p.contains("path must be a path relative to the provider base URL"));
        assertThat(problems).anyMatch(p -> p.contains("unknown placeholder {secret}"));
        assertThat(problems).anyMatch(p -> p.contains("columns.price.field must be a JSON pointer"));
        assertThat(problems).anyMatch(p -> p.contains("columns.price.type must be one of"));
        assertThat(problems).anyMatch(p -> p.contains("greaterThan must be below lessThan"));
    }

    @Test
    void refusesUnknownFieldsAndABatchWithoutSymbols() {
        JsonObject config = new JsonObject("""
                {"path": "/stable/quote?symbol={symbol}", "columns": {"price": {"field": "/price", "type": "numeric"}},
                 "batch": {"path": "/stable/batch-quote", "maxSymbols": 1}, "colums": {}}""");
        List<String> problems = httpJson.validate(config, PROFILE_COLUMNS);
        assertThat(problems).anyMatch(p -> p.contains("handler_config.colums is not a known field"));
        assertThat(problems).anyMatch(p -> p.contains("batch.path must contain {symbols}"));
        assertThat(problems).anyMatch(p -> p.contains("maxSymbols must be an integer between 2 and 1000"));
        assertThat(problems).anyMatch(p -> p.contains("batch.symbolField"));
    }

    private static final Map<String, String> BAR_COLUMNS = Map.of("symbol", "text", "timeframe", "text",
            "ts_utc", "timestamp with time zone", "close", "numeric", "trade_count", "integer",
            "refreshed_at", "timestamp with time zone");

    @Test
    void acceptsAConstantColumnAndAnIncrementalFetch() {
        JsonObject config = new JsonObject("""
                {"path": "/v2/aggs/ticker/{symbol}/range/1/minute/{fromMillis}/{toMillis}", "records": "/results",
                 "incremental": {"column": "ts_utc", "backfillFrom": "2025-01-02", "maxDaysPerCall": 30, "overlapMinutes": 5},
                 "columns": {"timeframe": {"value": "1m", "type": "text"},
                             "ts_utc": {"field": "/t", "type": "epoch_millis"},
                             "close": {"field": "/c", "type": "numeric"}}}""");
        assertThat(httpJson.validate(config, BAR_COLUMNS)).isEmpty();

        HttpJsonConfig parsed = HttpJsonConfig.parse(config);
        assertThat(parsed.columns().get("timeframe").constant()).isTrue();
        assertThat(parsed.constants()).containsExactly(Map.entry("timeframe", "1m"));
        HttpJsonConfig.Incremental inc = parsed.incremental().orElseThrow();
        assertThat(inc.column()).isEqualTo("ts_utc");
        assertThat(inc.backfillFrom()).contains(java.time.LocalDate.parse("2025-01-02"));
        assertThat(inc.maxDaysPerCall()).isEqualTo(30);
        assertThat(inc.overlapMinutes()).isEqualTo(5);

        JsonObject byDays = config.copy();
        byDays.getJsonObject("incremental").remove("backfillFrom");
        assertThat(HttpJsonConfig.parse(byDays).incremental().orElseThrow().backfillDays())
                .as("default backfill").isEqualTo(HttpJsonConfigParser.DEFAULT_BACKFILL_DAYS);
        assertThat(HttpJsonConfig.parse(new JsonObject("""
                {"path": "/p?symbol={symbol}", "columns": {"close": {"field": "/c", "type": "numeric"}}}""")).incremental())
                .as("not incremental unless asked").isEmpty();
    }

    @Test
    void refusesConstantColumnsThatAreNotOneValueOfTheirType() {
        JsonObject config = new JsonObject("""
                {"path": "/p?symbol={symbol}",
                 "columns": {"timeframe": {"field": "/tf", "value": "1m", "type": "text"},
                             "trade_count": {"value": "many", "type": "integer"},
                             "close": {"value": null, "type": "numeric"},
                             "symbol": {"value": {"a": 1}, "type": "text"},
                             "ts_utc": {"type": "timestamptz"}}}""");
        assertThat(httpJson.validate(config, BAR_COLUMNS)).containsExactlyInAnyOrder(
                "handler_config.columns.timeframe must have either field or value, not both",
                "handler_config.columns.trade_count.value 'many' is not a valid integer",
                "handler_config.columns.close.value must not be null",
                "handler_config.columns.symbol.value must be a string, number or boolean",
                "handler_config.columns.ts_utc.field must be a JSON pointer string (or give a constant value)");
    }

    @Test
    void reportsEveryIncrementalProblemAtOnce() {
        JsonObject config = new JsonObject("""
                {"path": "/v2/aggs/{symbol}", "lookbackDays": 2,
                 "batch": {"path": "/b?symbols={symbols}", "maxSymbols": 10, "symbolField": "/s"},
                 "incremental": {"column": "close", "backfillFrom": "yesterday", "backfillDays": 3,
                                 "overlapMinutes": -1, "chunk": 1},
                 "columns": {"close": {"field": "/c", "type": "numeric"}}}""");
        assertThat(httpJson.validate(config, BAR_COLUMNS)).containsExactlyInAnyOrder(
                "handler_config.incremental.chunk is not a known field (known: backfillDays, backfillFrom, column, maxDaysPerCall, overlapMinutes)",
                "handler_config.incremental.column close must be of type [date, epoch_millis, epoch_seconds, timestamptz]",
                "handler_config.incremental.backfillFrom must be an ISO date (YYYY-MM-DD)",
                "handler_config.incremental takes backfillFrom or backfillDays, not both",
                "handler_config.incremental.maxDaysPerCall is required (the longest range one call may ask for)",
                "handler_config.incremental.overlapMinutes must be an integer between 0 and 5256000",
                "handler_config.incremental cannot be combined with batch (each symbol has its own range)",
                "handler_config.lookbackDays does not apply with incremental (use incremental.backfillDays)",
                "handler_config.path must use {fromMillis}/{toMillis} or {from}/{to} when incremental");

        assertThat(httpJson.validate(new JsonObject("""
                {"path": "/p/{symbol}/{from}/{to}",
                 "incremental": {"column": "timeframe", "maxDaysPerCall": 1, "overlapMinutes": 1440},
                 "columns": {"timeframe": {"value": "2025-01-01", "type": "date"}}}"""), Map.of())).containsExactlyInAnyOrder(
                "handler_config.incremental.column timeframe must be read from the record, not a constant",
                "handler_config.incremental.overlapMinutes must be shorter than maxDaysPerCall");
        assertThat(httpJson.validate(new JsonObject("""
                {"path": "/p/{symbol}/{fromMillis}/{toMillis}", "incremental": "yes",
                 "columns": {"close": {"field": "/c", "type": "numeric"}}}"""), Map.of())).singleElement().asString()
                .startsWith("handler_config.incremental must be an object");
        assertThat(httpJson.validate(new JsonObject("""
                {"path": "/p/{symbol}/{fromMillis}/{toMillis}", "incremental": {"column": "nowhere", "maxDaysPerCall": 0},
                 "columns": {"close": {"field": "/c", "type": "numeric"}}}"""), Map.of())).containsExactlyInAnyOrder(
                "handler_config.incremental.column must name a mapped column (the record time)",
                "handler_config.incremental.maxDaysPerCall must be an integer between 1 and 3650");
    }

    @Test
    void refusesAnIncrementalColumnThatIsNotATimeInTheTable() {
        JsonObject config = new JsonObject("""
                {"path": "/p/{symbol}/{fromMillis}/{toMillis}", "incremental": {"column": "trade_count", "maxDaysPerCall": 1},
                 "columns": {"trade_count": {"field": "/n", "type": "epoch_seconds"}}}""");
        assertThat(httpJson.validate(config, BAR_COLUMNS)).containsExactly(
                "handler_config.incremental.column trade_count is integer in the target table; it must be a timestamp or date column");
    }

    @Test
    void theAggregationValidatorKnowsItsTimeframes() {
        HandlerConfigValidator bars = validators.stream().filter(v -> v.handler().equals("aggregate-bars")).findFirst().orElseThrow();
        assertThat(bars.validate(new JsonObject("{\"timeframe\": \"5m\", \"source\": \"1m\"}"), Map.of())).isEmpty();
        assertThat(bars.validate(new JsonObject("{\"timeframe\": \"7q\"}"), Map.of())).isNotEmpty();
    }
}
