package dev.freshet.checker.presence;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

/**
 * The presence scan's statements: one per data type, set-based over every viewed pair of it.
 * Target table and column names come from validated registry rows and are always quoted.
 */
final class PresenceScanSql {

    private PresenceScanSql() {
    }

    /**
     * The viewed pairs of a data type and, among them, the stale ones not already queued with at
     * least as many viewers. One row: examined, symbols[], viewers[].
     * $1 data_type, $2 presence cutoff (seen after it = present), $3 fresh cutoff (newer = fresh), then
     * the constant keys ({@link ConstantKeys#bind}), which narrow the table to this data type's rows.
     */
    static String staleViewed(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        String own = ConstantKeys.filter(dt, "t", 4);
        String fresh = dt.global()
                ? "select 1 from " + table + " t where t." + ts + " > $3" + own
                : "select 1 from " + table + " t where t." + Identifiers.quote(dt.symbolColumn()) + " = v.symbol and t." + ts + " > $3" + own;
        return """
                with viewed as (
                    select symbol, count(*)::int as viewers
                    from active_subscriptions
                    where data_type = $1 and last_seen_at > $2
                    group by symbol
                ), judged as (
                    select v.symbol, v.viewers,
                           not exists (%s)
                           and not exists (select 1 from refresh_jobs j
                                           where j.data_type = $1 and j.symbol = v.symbol and j.viewer_count >= v.viewers) as due
                    from viewed v
                )
                select count(*)::int as examined,
                       coalesce(array_agg(symbol order by symbol) filter (where due), '{}') as symbols,
                       coalesce(array_agg(viewers order by symbol) filter (where due), '{}') as viewers
                from judged""".formatted(fresh);
    }

    /**
     * Fail-safe twin of {@link #staleViewed} when the target table cannot be read: every viewed pair
     * counts as stale. $1 data_type, $2 presence cutoff.
     */
    static final String ALL_VIEWED = """
            with viewed as (
                select symbol, count(*)::int as viewers
                from active_subscriptions
                where data_type = $1 and last_seen_at > $2
                group by symbol
            )
            select count(*)::int as examined,
                   coalesce(array_agg(v.symbol order by v.symbol) filter (where j.job_id is null), '{}') as symbols,
                   coalesce(array_agg(v.viewers order by v.symbol) filter (where j.job_id is null), '{}') as viewers
            from viewed v
            left join refresh_jobs j on j.data_type = $1 and j.symbol = v.symbol and j.viewer_count >= v.viewers""";
}
