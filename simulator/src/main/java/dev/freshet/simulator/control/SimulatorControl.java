package dev.freshet.simulator.control;

import dev.freshet.simulator.faults.Knobs;

/** The operations the control endpoint exposes over HTTP; the simulator offers the same ones as Java methods. */
public interface SimulatorControl {

    Knobs knobs();

    void knobs(Knobs knobs);

    Stats stats();

    /** Clears the knobs and the stats. */
    void reset();
}
