package dev.freshet.deploy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.freshet.deploy.RenderedChart.COMPONENTS;
import static dev.freshet.deploy.RenderedChart.container;
import static org.assertj.core.api.Assertions.assertThat;

/** What the build tags, what the chart pulls and what compose pulls are one tag. */
class ImageTagsTest {

    private static final Pattern COMPOSE_IMAGE = Pattern.compile("freshet/([a-z-]+):\\$\\{FRESHET_IMAGE_TAG:-([^}]+)}");

    @Test
    void theBuildTheChartAndComposeNameTheSameTag() throws IOException {
        String built = buildTag();
        String appVersion = new YAMLMapper().readTree(Deploy.dir().resolve("helm/freshet/Chart.yaml").toFile())
                .path("appVersion").asText();

        assertThat(built).isNotBlank().isEqualTo(appVersion);
        RenderedChart chart = RenderedChart.defaults();
        for (String component : COMPONENTS) {
            assertThat(container(chart.deployment(component)).path("image").asText()).isEqualTo("freshet/" + component + ":" + built);
        }
        Map<String, Object> services = composeServices();
        for (String component : COMPONENTS) {
            assertThat(composeImage(services, component)).as(component).isEqualTo(component + ":" + built);
        }
        assertThat(composeImage(services, "migrate")).isEqualTo("registry-admin:" + built);
    }

    @Test
    void noServiceOverridesTheSharedImageNameOrTag() throws IOException {
        for (String component : COMPONENTS) {
            Properties own = properties(Deploy.dir().resolveSibling(component).resolve("src/main/resources/application.properties"));
            assertThat(own.stringPropertyNames()).as(component)
                    .noneMatch(k -> k.startsWith("quarkus.container-image.tag") || k.startsWith("quarkus.container-image.group"));
            assertThat(own.getProperty("quarkus.application.name")).as("the image name is the application name")
                    .isEqualTo(component);
        }
    }

    private static String buildTag() throws IOException {
        return properties(Deploy.dir().resolveSibling("shared-model").resolve("src/main/resources/META-INF/microprofile-config.properties"))
                .getProperty("quarkus.container-image.tag");
    }

    private static String composeImage(Map<String, Object> services, String service) {
        String image = String.valueOf(((Map<?, ?>) services.get(service)).get("image"));
        Matcher m = COMPOSE_IMAGE.matcher(image);
        assertThat(m.matches()).as("%s pulls %s", service, image).isTrue();
        return m.group(1) + ":" + m.group(2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeServices() throws IOException {
        try (Reader reader = Files.newBufferedReader(Deploy.dir().resolve("compose/compose.yaml"))) {
            return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(reader)).get("services");
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return p;
    }
}
