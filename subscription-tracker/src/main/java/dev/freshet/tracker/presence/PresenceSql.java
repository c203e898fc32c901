package dev.freshet.tracker.presence;

/**
 * Presence statements. Rows older than the presence TTL count as absent everywhere here (the
 * checker deletes them later), so every statement takes the "live since" instant.
 */
public final class PresenceSql {

    /**
     * Each requesting client's live subscriptions as they would be after the request: the request's
     * distinct pairs plus its other live ones. $1 client ids, $2 symbols, $3 data types (parallel
     * arrays), $4 live since. Opens {@link #WITHIN_CAP} and {@link #UPSERT_WITHIN_CAP}.
     */
    private static final String REQUESTED_TOTALS = """
            with req as (
                select distinct r.client_id, r.symbol, r.data_type
                from unnest($1::text[], $2::text[], $3::text[]) as r(client_id, symbol, data_type)
            ), clients as (
                select q.client_id,
                       count(*) + (select count(*) from active_subscriptions a
                                    where a.client_id = q.client_id and a.last_seen_at > $4
                                      and not exists (select 1 from req x
                                                      where x.client_id = a.client_id and x.symbol = a.symbol
                                                        and x.data_type = a.data_type)) as total
                from req q
                group by q.client_id
            )""";

    /** Per client: whether it stays within the cap $5, and the total it would hold. */
    private static final String ANSWER = """

            select c.client_id, c.total <= $5 as accepted, c.total::int as total
            from clients c""";

    /**
     * Whether many clients' visits would keep them within their subscription cap, writing nothing: a
     * visit is admitted before it queues anything, and its presence is recorded only afterwards, for
     * the pairs it did not have deferred. $1-$4 as {@link #REQUESTED_TOTALS}, $5 cap.
     * Returns per client: client_id, accepted, total.
     */
    public static final String WITHIN_CAP = REQUESTED_TOTALS + ANSWER;

    /**
     * Records many clients' visits in one statement, but only for clients that stay within their
     * subscription cap (a client over the cap gets nothing written). Input rows are deduplicated and
     * sorted so concurrent batches lock rows in the same order. A subscription that had lapsed starts
     * a new visit (first_seen_at is reset).
     * $1-$4 as {@link #REQUESTED_TOTALS}, $5 cap, $6 seen at.
     * Returns per client: client_id, accepted, total (live subscriptions the client would hold).
     */
    public static final String UPSERT_WITHIN_CAP = REQUESTED_TOTALS + """
            , upserted as (
                insert into active_subscriptions as a (client_id, symbol, data_type, first_seen_at, last_seen_at)
                select q.client_id, q.symbol, q.data_type, $6, $6
                from req q join clients c on c.client_id = q.client_id and c.total <= $5
                order by q.client_id, q.symbol, q.data_type
                on conflict (client_id, symbol, data_type) do update
                   set last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
                       first_seen_at = case when a.last_seen_at <= $4 then excluded.first_seen_at else a.first_seen_at end
                returning 1
            )""" + ANSWER;

    /**
     * Renews every live subscription of many clients in one statement; lapsed ones stay lapsed.
     * Rows are locked in key order so concurrent batches cannot deadlock.
     * $1 client ids, $2 seen at, $3 live since. Returns client_id, renewed.
     */
    public static final String RENEW_CLIENTS = """
            with locked as (
                select client_id, symbol, data_type from active_subscriptions
                where client_id = any($1::text[]) and last_seen_at > $3
                order by client_id, symbol, data_type
                for update
            ), renewed as (
                update active_subscriptions a
                   set last_seen_at = greatest(a.last_seen_at, $2)
                  from locked l
                 where a.client_id = l.client_id and a.symbol = l.symbol and a.data_type = l.data_type
                returning a.client_id
            )
            select client_id, count(*)::int as renewed from renewed group by client_id""";

    /**
     * Ends a client's subscriptions, for one symbol or (when $2 is null) all of them.
     * $1 client id, $2 symbol or null, $3 live since. Returns data_type, symbol, live.
     */
    public static final String REMOVE = """
            delete from active_subscriptions
            where client_id = $1 and ($2::text is null or symbol = $2)
            returning data_type, symbol, last_seen_at > $3 as live""";

    private PresenceSql() {
    }
}
