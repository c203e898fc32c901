package dev.freshet.shared.registry;

public enum RefreshMode {
    ON_DEMAND, SCHEDULED, BOTH;

    public boolean onDemand() {
        return this != SCHEDULED;
    }

    public boolean scheduled() {
        return this != ON_DEMAND;
    }

    public String sql() {
        return name().toLowerCase();
    }

    public static RefreshMode fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
