package dev.freshet.checker.freshness;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.StalenessSql;

/** The freshness cache statements; target identifiers come from validated registry rows, quoted. */
final class FreshnessSql {

    private FreshnessSql() {
    }

    private static final String CLASSIFY_AND_UPSERT = """
            , upserted as (
                insert into data_freshness as f (data_type, symbol, tier, last_updated_at, state, checked_at)
                select $1::text, p.symbol, $3::text, p.updated_at,
                       case when p.updated_at is null then 'missing'
                            when p.updated_at > $4::timestamptz then 'fresh'
                            when p.updated_at > $5::timestamptz then 'aging'
                            else 'stale' end,
                       $6::timestamptz
                from pairs p
                on conflict (data_type, symbol) do update
                   set tier = excluded.tier, last_updated_at = excluded.last_updated_at,
                       state = excluded.state, checked_at = excluded.checked_at
                returning f.state
            )
            select count(*)::int as examined,
                   count(*) filter (where state = 'fresh')::int as fresh,
                   count(*) filter (where state = 'aging')::int as aging,
                   count(*) filter (where state = 'stale')::int as stale,
                   count(*) filter (where state = 'missing')::int as missing
            from upserted""";

    /**
     * Classifies every symbol of a data type that is viewed now, was viewed recently, or has rows,
     * and writes the result into data_freshness. $1 data_type, $2 viewed-since, $3 tier,
     * $4 fresh cutoff (newer = fresh), $5 aging cutoff (newer = aging, older = stale), $6 checked_at,
     * then the constant keys ({@link ConstantKeys#bind}). The symbols with rows and their newest are
     * found per symbol on indexes ({@link StalenessSql#newestOfSymbolsAfter}), never by a
     * {@code GROUP BY} over the table. One row: examined and a count per state.
     */
    static String classify(DataType dt) {
        if (dt.global()) {
            String table = Identifiers.quote(dt.tableName());
            String ts = Identifiers.quote(dt.timestampColumn());
            return "with pairs as (select '*'::text as symbol, (select max(t." + ts + ") from " + table + " t where true"
                    + ConstantKeys.filter(dt, "t", 7) + ") as updated_at, $2::timestamptz as unused)"
                    + CLASSIFY_AND_UPSERT;
        }
        return """
                with newest as (
                    select n.symbol, n.updated_at from (%s) n where n.own
                ), viewed as (
                    select symbol from active_subscriptions where data_type = $1
                    union
                    select symbol from subscription_analytics where data_type = $1 and bucket_start > $2
                ), pairs as (
                    select coalesce(n.symbol, v.symbol) as symbol, n.updated_at
                    from newest n full join viewed v on v.symbol = n.symbol
                )""".formatted(StalenessSql.newestOfSymbolsAfter(dt, "''", null, 7)) + CLASSIFY_AND_UPSERT;
    }

    /** Pairs of a data type no longer viewed and without rows. $1 data_type, $2 this run's checked_at. */
    static final String REMOVE_UNSEEN = "delete from data_freshness where data_type = $1 and checked_at < $2";

    /** Pairs of data types no longer classified (disabled or removed). $1 data types still classified. */
    static final String REMOVE_OTHER_TYPES = "delete from data_freshness where not (data_type = any($1::text[]))";

}
