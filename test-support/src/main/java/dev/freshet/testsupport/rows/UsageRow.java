package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;

/** A provider's settled usage in one minute (api_usage): one call by writer 0 unless told otherwise. */
public final class UsageRow extends RowBuilder<UsageRow> {

    private UsageRow(String provider, Instant bucketStart) {
        super("api_usage");
        set("provider", provider).set("bucket_start", bucketStart).set("writer", (short) 0).set("calls", 1);
    }

    public static UsageRow usage(String provider, Instant bucketStart) {
        return new UsageRow(provider, bucketStart);
    }

    /** Usage in the minute running by the database's clock. */
    public static UsageRow usageThisMinute(String provider) {
        return new UsageRow(provider, null).setExpression("bucket_start", "date_trunc('minute', now())");
    }

    /** Usage in the minute a fixed SQL text of the test computes, such as {@code date_trunc('hour', now())}: never input. */
    public static UsageRow usageAt(String provider, String bucketSql) {
        return new UsageRow(provider, null).setExpression("bucket_start", bucketSql);
    }

    /** The finish's row of the minute ({@code 1 + its connection's pid % 16}), 0 for folded and recovered usage. */
    public UsageRow writer(int writer) {
        return set("writer", (short) writer);
    }

    public UsageRow calls(int calls) {
        return set("calls", calls);
    }

    public UsageRow bytes(long bytes) {
        return set("bytes", bytes);
    }

    public UsageRow rateLimited(int answers) {
        return set("rate_limited", answers);
    }

    public UsageRow errors(int answers) {
        return set("errors", answers);
    }

    public void insert(TestSql sql) {
        insert(sql, "provider");
    }
}
