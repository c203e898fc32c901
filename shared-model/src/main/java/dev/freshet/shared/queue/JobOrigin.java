package dev.freshet.shared.queue;

/**
 * Why a job was queued; viewer-driven work outranks scheduled work. {@code RIDE_ALONG}: a cached pair
 * carried in the spare symbol slots of a batch call made for other jobs (queued already claimed, never
 * pending, never a call of its own).
 */
public enum JobOrigin {
    VIEWER, SCHEDULED, MANUAL, AGGREGATION, RIDE_ALONG;

    public String sql() {
        return name().toLowerCase();
    }

    public static JobOrigin fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
