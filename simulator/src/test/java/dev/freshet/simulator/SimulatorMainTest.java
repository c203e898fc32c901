package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import dev.freshet.simulator.faults.RateLimitBurst;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {

    @Test
    void flags_become_global_knobs_over_the_json_ones() throws Exception {
        try (Simulator simulator = SimulatorMain.parse(new String[] {
                "--port", "0",
                "--knobs", "{\"global\":{\"latency\":{\"type\":\"fixed\",\"ms\":5}},"
                        + "\"endpoints\":{\"aggs\":{\"emptyResults\":true}}}",
                "--error-every", "3", "--error-status", "500",
                "--rate-limit-requests", "2", "--retry-after", "4",
                "--stale-seconds", "60", "--seed", "9"}, System.out).start()) {

            Knobs knobs = simulator.knobs();
            assertThat(knobs.effectiveSeed()).isEqualTo(9);
            Faults global = knobs.global();
            assertThat(global.latency()).isEqualTo(Latency.fixed(5));
            assertThat(global.errors()).isEqualTo(ErrorInjection.everyNth(3).withStatus(500));
            assertThat(global.rateLimit()).isEqualTo(RateLimitBurst.requests(2, 4));
            assertThat(global.staleSeconds()).isEqualTo(60);
            assertThat(knobs.effective(Endpoints.AGGS).wantsEmptyResults()).isTrue();
            assertThat(simulator.port()).isPositive();
        }
    }

    @Test
    void knobs_can_come_from_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("knobs.json");
        Files.writeString(file, "{\"global\":{\"records\":4}}");

        Simulator.Builder builder = SimulatorMain.parse(new String[] {"--knobs", "@" + file, "--port", "0"},
                System.out);

        try (Simulator simulator = builder.start()) {
            assertThat(simulator.knobs().global().records()).isEqualTo(4);
            assertThat(new TestHttp(simulator).json("/stable/available-exchanges")).hasSize(4);
        }
    }

    @Test
    void help_prints_usage_and_starts_nothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Simulator.Builder builder = SimulatorMain.parse(new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(builder).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port").contains("/_control/knobs");
    }

    @Test
    void unknown_options_and_bad_values_are_refused() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--frobnicate"}, System.out))
                .hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "many"}, System.out))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--malformed", "weird"}, System.out))
                .hasMessageContaining("weird");
    }
}
