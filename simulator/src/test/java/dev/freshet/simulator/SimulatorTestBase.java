package dev.freshet.simulator;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One simulator per test class on a free port, its clock standing at {@link #NOW} (moved only by the
 * test), knobs and statistics reset before each test.
 */
abstract class SimulatorTestBase {

    // A Friday, 11:09 in New York: US exchanges open, Tokyo closed.
    static final Instant NOW = Instant.parse("2025-03-14T15:09:26Z");

    static TestClock clock;
    static Simulator simulator;
    static TestHttp http;

    @BeforeAll
    static void startSimulator() {
        clock = new TestClock(NOW);
        simulator = Simulator.builder().port(0).clock(clock).start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        clock.set(NOW);
        simulator.reset();
    }
}
