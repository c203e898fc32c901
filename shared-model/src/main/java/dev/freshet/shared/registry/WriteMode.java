package dev.freshet.shared.registry;

public enum WriteMode {
    /** Fetched data is written to the target table. */
    LIVE,
    /** Fetched data is validated and compared, the target table is left untouched. */
    SHADOW;

    public String sql() {
        return name().toLowerCase();
    }

    public static WriteMode fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
