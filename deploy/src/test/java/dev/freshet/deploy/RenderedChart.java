package dev.freshet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The objects `helm template` renders for the Freshet chart, parsed, with lookups the tests share. */
record RenderedChart(String yaml, List<JsonNode> objects) {

    static final String RELEASE = "prod";
    // helm template assumes an old cluster unless told; the chart needs 1.25+ (policy/v1, autoscaling/v2).
    static final String KUBE_VERSION = "v1.31.0";
    static final Path CHART = Deploy.dir().resolve("helm/freshet");
    static final List<String> COMPONENTS = List.of("subscription-tracker", "queue-processor", "staleness-checker", "registry-admin");
    static final Map<String, Integer> PORTS = Map.of(
            "subscription-tracker", 8081, "queue-processor", 8082, "staleness-checker", 8083, "registry-admin", 8084);

    private static final YAMLMapper YAML = new YAMLMapper();

    /*
     * helm-java's template returns the release manifest without the hooks (the helm CLI appends them), so the chart is
     * rendered from a copy whose hook annotations carry another prefix, which is turned back in the output: the
     * objects are exactly what helm installs, hooks included.
     */
    private static final String HOOK_PREFIX = "helm.sh/hook";
    private static final String DISGUISED_HOOK_PREFIX = "freshet.test/hook";
    private static Path chartWithVisibleHooks;

    static RenderedChart render(Path valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chartWithVisibleHooks()).template().withName(RELEASE).withNamespace("freshet")
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return parse(template.call().replace(DISGUISED_HOOK_PREFIX, HOOK_PREFIX));
    }

    private static synchronized Path chartWithVisibleHooks() {
        if (chartWithVisibleHooks == null) {
            try {
                Path copy = Files.createTempDirectory("freshet-chart").resolve("freshet");
                try (Stream<Path> files = Files.walk(CHART)) {
                    for (Path source : files.toList()) {
                        Path target = copy.resolve(CHART.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else {
                            Files.writeString(target, Files.readString(source).replace(HOOK_PREFIX, DISGUISED_HOOK_PREFIX));
                        }
                    }
                }
                chartWithVisibleHooks = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return chartWithVisibleHooks;
    }

    static RenderedChart defaults() {
        return render(null, Map.of());
    }

    static RenderedChart with(Map<String, Object> sets) {
        return render(null, sets);
    }

    static RenderedChart production() {
        return render(Deploy.testResource("values-production.yaml"), Map.of());
    }

    static RenderedChart parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("rendered chart is not YAML:\n" + yaml, e);
        }
        return new RenderedChart(yaml, objects);
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in:\n" + yaml));
    }

    JsonNode deployment(String component) {
        return get("Deployment", RELEASE + "-freshet-" + component);
    }

    static JsonNode container(JsonNode workload) {
        return workload.at("/spec/template/spec/containers/0");
    }

    /** Every container of every workload (Deployments and Jobs). */
    List<JsonNode> containers() {
        return objects.stream()
                .filter(o -> o.at("/spec/template/spec/containers").isArray())
                .flatMap(o -> StreamSupport.stream(o.at("/spec/template/spec/containers").spliterator(), false))
                .toList();
    }

    static Optional<JsonNode> env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> name.equals(e.path("name").asText()))
                .findFirst();
    }

    static String envValue(JsonNode container, String name) {
        return env(container, name).map(e -> e.path("value").asText(null))
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container));
    }

    static List<String> envNames(JsonNode container) {
        return StreamSupport.stream(container.path("env").spliterator(), false).map(e -> e.path("name").asText()).toList();
    }

    JsonNode sharedConfig() {
        return get("ConfigMap", RELEASE + "-freshet-config").path("data");
    }
}
