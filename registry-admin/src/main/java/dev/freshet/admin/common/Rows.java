package dev.freshet.admin.common;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

public final class Rows {

    private Rows() {
    }

    public static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    public static long longOrZero(Row r, String column) {
        Long v = r.getLong(column);
        return v == null ? 0 : v;
    }

    public static Double doubleOrNull(Row r, String column) {
        Number n = (Number) r.getValue(column);
        return n == null ? null : n.doubleValue();
    }
}
