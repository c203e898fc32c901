package dev.freshet.tracker.presence;

/**
 * Presence statements. Rows older than the presence TTL count as absent everywhere here (the
 * checker deletes them later), so every statement takes the "live since" instant.
 */
public final class PresenceSql {

    /**
     * Records many clients' visits in one statement, but only for clients that stay within their
     * subscription cap (a client over the cap gets nothing written). Input rows are deduplicated and
     * sorted so concurrent batches lock rows in the same order. A subscription that had lapsed starts
     * a new visit (first_seen_at is reset).
     * $1 client ids, $2 symbols, $3 data types (parallel arrays), $4 seen at, $5 live since, $6 cap.
     * Returns per client: client_id, accepted, total (live subscriptions the client would hold).
     */
    public static final String UPSERT_WITHIN_CAP = """
            with req as (
                select distinct r.client_id, r.symbol, r.data_type
                from unnest($1::text[], $2::text[], $3::text[]) as r(client_id, symbol, data_type)
            ), clients as (
                select q.client_id,
                       count(*) + (select count(*) from active_subscriptions a
                                    where a.client_id = q.client_id and a.last_seen_at > $5
                                      and not exists (select 1 from req x
                                                      where x.client_id = a.client_id and x.symbol = a.symbol
                                                        and x.data_type = a.data_type)) as total
                from req q
                group by q.client_id
            ), upserted as (
                insert into active_subscriptions as a (client_id, symbol, data_type, first_seen_at, last_seen_at)
                select q.client_id, q.symbol, q.data_type, $4, $4
                from req q join clients c on c.client_id = q.client_id and c.total <= $6
                order by q.client_id, q.symbol, q.data_type
                on conflict (client_id, symbol, data_type) do update
                   set last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
                       first_seen_at = case when a.last_seen_at <= $5 then excluded.first_seen_at else a.first_seen_at end
                returning 1
            )
            select c.client_id, c.total <= $6 as accepted, c.total::int as total
            from clients c""";

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

    /**
     * Withdraws a client's presence from some pairs (those a visit could not refresh within its fair
     * share, so that the checker's presence scan does not queue them either). $1 client id, $2 data
     * types, $3 symbols (pairwise).
     */
    public static final String FORGET_PAIRS = """
            delete from active_subscriptions a
            using unnest($2::text[], $3::text[]) as p(data_type, symbol)
            where a.client_id = $1 and a.data_type = p.data_type and a.symbol = p.symbol""";

    private PresenceSql() {
    }
}
