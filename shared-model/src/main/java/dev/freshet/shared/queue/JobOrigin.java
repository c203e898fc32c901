package dev.freshet.shared.queue;

/** Why a job was queued; viewer-driven work outranks scheduled work. */
public enum JobOrigin {
    VIEWER, SCHEDULED, MANUAL, AGGREGATION;

    public String sql() {
        return name().toLowerCase();
    }

    public static JobOrigin fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
