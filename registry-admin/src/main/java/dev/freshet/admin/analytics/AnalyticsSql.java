package dev.freshet.admin.analytics;

/**
 * Reads of {@code subscription_analytics}: per (bucket, data type, symbol) the peak number of
 * viewers present, rolled up by the checker's presence task.
 */
public final class AnalyticsSql {

    /**
     * Viewers per data type and time bucket: the sum over symbols of each symbol's peak in the
     * bucket, and how many symbols were viewed. $1 since (inclusive), $2 until (exclusive),
     * $3 bucket ('hour' or 'day', in UTC), $4 data type or null, $5 symbol or null.
     */
    public static final String VIEWS = """
            select bucket, data_type, sum(peak)::bigint as viewers, count(*) as symbols
              from (select date_trunc($3, bucket_start, 'UTC') as bucket, data_type, symbol, max(viewers) as peak
                      from subscription_analytics
                     where bucket_start >= $1 and bucket_start < $2
                       and ($4::text is null or data_type = $4) and ($5::text is null or symbol = $5)
                     group by 1, 2, 3) per_symbol
             group by bucket, data_type
             order by bucket, data_type""";

    /**
     * The most viewed pairs of the period: peak viewers, and viewer-buckets (the sum of every
     * recorded bucket's viewers, a measure of viewing time). $1 since, $2 until, $3 data type or
     * null, $4 limit.
     */
    public static final String TOP_PAIRS = """
            select data_type, symbol, max(viewers) as peak_viewers, sum(viewers)::bigint as viewer_buckets,
                   min(bucket_start) as first_seen, max(bucket_start) as last_seen
              from subscription_analytics
             where bucket_start >= $1 and bucket_start < $2 and ($3::text is null or data_type = $3)
             group by data_type, symbol
             order by viewer_buckets desc, data_type, symbol
             limit $4""";

    /** Viewers per data type in the newest bucket recorded since $1 (for the gauge). */
    public static final String LATEST_VIEWERS = """
            select data_type, sum(viewers)::bigint as viewers
              from subscription_analytics
             where bucket_start = (select max(bucket_start) from subscription_analytics where bucket_start >= $1)
             group by data_type""";

    private AnalyticsSql() {
    }
}
