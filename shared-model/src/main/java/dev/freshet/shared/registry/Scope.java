package dev.freshet.shared.registry;

/** Whether a data type is kept per symbol or once for everyone. */
public enum Scope {
    SYMBOL, GLOBAL;

    /** Jobs and presence of a global data type use this in place of a symbol; no symbol can match it. */
    public static final String GLOBAL_SYMBOL = "*";

    public String sql() {
        return name().toLowerCase();
    }

    public static Scope fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
