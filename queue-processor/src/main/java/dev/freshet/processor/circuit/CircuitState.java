package dev.freshet.processor.circuit;

public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN;

    public String sql() {
        return name().toLowerCase();
    }
}
