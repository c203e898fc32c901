package dev.freshet.processor.circuit;

public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN;

    /** The value of the circuit gauge: ordered by how bad it is, so a dashboard can take the max. */
    public int gaugeValue() {
        return switch (this) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    public String sql() {
        return name().toLowerCase();
    }
}
