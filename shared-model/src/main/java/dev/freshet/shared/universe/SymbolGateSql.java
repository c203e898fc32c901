package dev.freshet.shared.universe;

/**
 * Known symbols: which symbols of a data type no refresh may be queued for. Read by the tracker
 * before it queues a visit's refreshes, by the checker's presence scan before it queues viewed
 * pairs, and by the admin explain; written by the processor's finish (not found) and by the
 * universe data types (ordinary http-json upserts into {@code symbol_universe}).
 */
public final class SymbolGateSql {

    /**
     * The symbols (of $2) of data type $1 that are blocked, with why. A provider's universe counts
     * as loaded when {@code provider_quotas.universe_data_type} names an enabled data type and
     * {@code symbol_universe} holds rows of the provider; a symbol is then known when its row came
     * with a load no older than half the universe type's TTL before the newest one (a symbol dropped
     * from the list falls out after the next loads). While loaded, every other symbol is
     * {@code outside_universe}; otherwise a symbol whose {@code symbol_not_found} entry has not yet
     * expired (database clock) is {@code not_found}. Returns symbol, reason, not_found_until, streak,
     * universe_data_type, universe_loaded_at.
     */
    public static final String BLOCKED_SYMBOLS = """
            with cfg as (
                select r.provider, q.universe_data_type, u.ttl_seconds,
                       case when u.data_type is not null
                            then (select max(s.refreshed_at) from symbol_universe s where s.provider = r.provider) end as loaded_at
                  from data_type_registry r
                  left join provider_quotas q on q.provider = r.provider
                  left join data_type_registry u on u.data_type = q.universe_data_type and u.enabled
                 where r.data_type = $1
            )
            select a.symbol,
                   case when c.loaded_at is not null then 'outside_universe' else 'not_found' end as reason,
                   n.not_found_until, n.streak, c.universe_data_type, c.loaded_at as universe_loaded_at
              from cfg c
             cross join unnest($2::text[]) as a(symbol)
              left join symbol_not_found n on c.loaded_at is null and n.data_type = $1 and n.symbol = a.symbol
             where case when c.loaded_at is not null
                        then not exists (select 1 from symbol_universe s
                                          where s.provider = c.provider and s.symbol = a.symbol
                                            and s.refreshed_at >= c.loaded_at - make_interval(secs => c.ttl_seconds / 2.0))
                        else n.not_found_until > now() end""";

    private SymbolGateSql() {
    }
}
