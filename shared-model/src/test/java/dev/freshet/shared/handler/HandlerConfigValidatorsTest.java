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

    @Test
    void theAggregationValidatorKnowsItsTimeframes() {
        HandlerConfigValidator bars = validators.stream().filter(v -> v.handler().equals("aggregate-bars")).findFirst().orElseThrow();
        assertThat(bars.validate(new JsonObject("{\"timeframe\": \"5m\", \"source\": \"1m\"}"), Map.of())).isEmpty();
        assertThat(bars.validate(new JsonObject("{\"timeframe\": \"7q\"}"), Map.of())).isNotEmpty();
    }
}
