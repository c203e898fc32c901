package dev.freshet.checker.analytics;

/** Presence expiry and the viewer roll-up into subscription_analytics. */
final class PresenceExpirySql {

    private PresenceExpirySql() {
    }

    /**
     * Deletes expired presence and records, per (data type, symbol), the peak number of present
     * viewers seen in the current bucket. Both parts read the same snapshot, so the roll-up counts
     * only subscriptions that are still present. $1 presence cutoff, $2 bucket start.
     * One row: expired, rolled_up.
     */
    static final String EXPIRE_AND_ROLL_UP = """
            with expired as (
                delete from active_subscriptions where last_seen_at <= $1
                returning 1
            ), rolled as (
                insert into subscription_analytics as a (bucket_start, data_type, symbol, viewers)
                select $2::timestamptz, data_type, symbol, count(*)::int
                from active_subscriptions
                where last_seen_at > $1
                group by data_type, symbol
                on conflict (bucket_start, data_type, symbol) do update
                   set viewers = greatest(a.viewers, excluded.viewers)
                returning 1
            )
            select (select count(*) from expired)::int as expired, (select count(*) from rolled)::int as rolled_up""";

    /** $1 buckets older than this are deleted. */
    static final String PRUNE_ANALYTICS = "delete from subscription_analytics where bucket_start < $1";
}
