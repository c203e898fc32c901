package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/** Asserts that a JSON object has fields of the JSON types Freshet's mappers rely on. */
final class JsonShape {

    private final JsonNode node;

    private JsonShape(JsonNode node) {
        this.node = node;
    }

    static JsonShape of(JsonNode node) {
        assertThat(node.getNodeType()).as("an object: %s", node).isEqualTo(JsonNodeType.OBJECT);
        return new JsonShape(node);
    }

    JsonShape strings(String... fields) {
        return typed(JsonNodeType.STRING, fields);
    }

    JsonShape numbers(String... fields) {
        return typed(JsonNodeType.NUMBER, fields);
    }

    JsonShape booleans(String... fields) {
        return typed(JsonNodeType.BOOLEAN, fields);
    }

    JsonShape objects(String... fields) {
        return typed(JsonNodeType.OBJECT, fields);
    }

    JsonShape arrays(String... fields) {
        return typed(JsonNodeType.ARRAY, fields);
    }

    JsonShape integers(String... fields) {
        numbers(fields);
        for (String field : fields) {
            assertThat(node.get(field).isIntegralNumber()).as("%s is a whole number in %s", field, node).isTrue();
        }
        return this;
    }

    JsonShape date(String field) {
        strings(field);
        assertThat(node.get(field).asText()).as(field).matches("\\d{4}-\\d{2}-\\d{2}");
        return this;
    }

    JsonShape dateTime(String field) {
        strings(field);
        assertThat(node.get(field).asText()).as(field).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        return this;
    }

    private JsonShape typed(JsonNodeType type, String... fields) {
        for (String field : fields) {
            assertThat(node.has(field)).as("field %s in %s", field, node).isTrue();
            assertThat(node.get(field).getNodeType()).as("type of %s in %s", field, node).isEqualTo(type);
        }
        return this;
    }
}
