package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;

/** A bucket of subscription analytics (subscription_analytics): one viewer in the bucket starting now unless told otherwise. */
public final class ViewsRow extends RowBuilder<ViewsRow> {

    private ViewsRow(String dataType, String symbol) {
        super("subscription_analytics");
        set("data_type", dataType).set("symbol", symbol).set("viewers", 1).setExpression("bucket_start", "now()");
    }

    public static ViewsRow views(String dataType, String symbol) {
        return new ViewsRow(dataType, symbol);
    }

    public ViewsRow bucket(Instant start) {
        return set("bucket_start", start);
    }

    public ViewsRow viewers(int viewers) {
        return set("viewers", viewers);
    }

    public void insert(TestSql sql) {
        insert(sql, "symbol");
    }
}
