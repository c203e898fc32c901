package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    record Body(String name, Integer count, Boolean on, List<String> tags, JsonNode config) {
    }

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper m = new ObjectMapper();
        new StrictJson().customize(m);
        return m;
    }

    private String faultOf(String json) {
        try {
            mapper.readValue(json, Body.class);
            return null;
        } catch (JsonProcessingException e) {
            return JsonFaults.detail(e);
        }
    }

    @Test
    void validBodiesStillRead() throws Exception {
        Body b = mapper.readValue("{\"name\":\"n\",\"count\":2,\"on\":true,\"tags\":[\"a\"],\"config\":{\"k\":[1,\"v\"]}}", Body.class);
        assertThat(b.name()).isEqualTo("n");
        assertThat(b.config().get("k").get(1).asText()).isEqualTo("v");
        assertThat(mapper.readValue("{}", Body.class).config()).isNull();
    }

    @Test
    void scalarsOfTheWrongTypeAreRefused() {
        assertThat(faultOf("{\"name\":false}")).isEqualTo("field 'name' has the wrong JSON type");
        assertThat(faultOf("{\"name\":12}")).isEqualTo("field 'name' has the wrong JSON type");
        assertThat(faultOf("{\"count\":\"12\"}")).isEqualTo("field 'count' has the wrong JSON type");
        assertThat(faultOf("{\"count\":1.5}")).isEqualTo("field 'count' has the wrong JSON type");
        assertThat(faultOf("{\"on\":\"true\"}")).isEqualTo("field 'on' has the wrong JSON type");
        assertThat(faultOf("{\"on\":1}")).isEqualTo("field 'on' has the wrong JSON type");
        assertThat(faultOf("{\"tags\":[false]}")).startsWith("field 'tags");
    }

    @Test
    void duplicatesTrailingTokensAndLimitsAreRefused() {
        assertThat(faultOf("{\"name\":\"a\",\"name\":\"b\"}")).isEqualTo("the request body repeats a field ('name')");
        assertThat(faultOf("{\"name\":\"a\"} {}")).isEqualTo("the request body has more content after its JSON value");
        assertThat(faultOf("{\"config\":" + "[".repeat(100) + "]".repeat(100) + "}")).startsWith("the request body exceeds a JSON limit");
        assertThat(faultOf("{\"count\":" + "9".repeat(200) + "}")).startsWith("the request body exceeds a JSON limit");
    }

    @Test
    void unstorableTextIsRefusedNamingTheField() {
        assertThat(faultOf("{\"name\":\"a\\u0000b\"}")).isEqualTo("field 'name' " + StorableText.RULE);
        assertThat(faultOf("{\"name\":\"\\ud800\"}")).isEqualTo("field 'name' " + StorableText.RULE);
        assertThat(faultOf("{\"tags\":[\"ok\",\"\\udc00\"]}")).startsWith("field 'tags");
        assertThat(faultOf("{\"config\":{\"url\":\"x\\u0000\"}}")).isEqualTo("field 'config.url' " + StorableText.RULE);
        assertThat(faultOf("{\"name\":\"\\ud83d\\ude00 \\u200b ＡＡＰＬ\"}")).isNull();
    }
}
