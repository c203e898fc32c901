package dev.freshet.checker.presence;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The presence scan's statements: one per data type, set-based over every viewed pair of it.
 * Target table and column names come from validated registry rows and are always quoted.
 */
final class PresenceScanSql {

    private PresenceScanSql() {
    }

    /**
     * The viewed pairs of a data type and, among them, those due for a refresh — stale, missing, or
     * old enough to be refreshed ahead of their deadline (newest row at or before $3) — and not
     * already queued with at least as many viewers. Each comes with its deadline (newest row + TTL,
     * null when missing). One row: examined, symbols[], viewers[], deadlines[].
     * $1 data_type, $2 presence cutoff (seen after it = present), $3 refresh-ahead cutoff, $4 TTL seconds,
     * then the constant keys ({@link ConstantKeys#bind}), which narrow the table to this data type's rows
     * (see {@link #dueParams}). A data type in shadow is judged from its newest shadow record instead:
     * the live table is another system's, and judging from it would queue the pair on every scan.
     */
    static String dueViewed(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        String own = ConstantKeys.filter(dt, "t", 5);
        String newest = dt.judgedFromShadow()
                ? "select max(w.recorded_at) from shadow_writes w where w.data_type = $1 and w.symbol = v.symbol"
                : dt.global()
                ? "select max(t." + ts + ") from " + table + " t where true" + own
                : "select max(t." + ts + ") from " + table + " t where t." + Identifiers.quote(dt.symbolColumn()) + " = v.symbol" + own;
        return """
                with viewed as (
                    select symbol, count(*)::int as viewers
                    from active_subscriptions
                    where data_type = $1 and last_seen_at > $2
                    group by symbol
                ), aged as (
                    select v.symbol, v.viewers, (%s) as newest
                    from viewed v
                ), judged as (
                    select a.symbol, a.viewers, a.newest + make_interval(secs => $4) as deadline,
                           (a.newest is null or a.newest <= $3)
                           and not exists (select 1 from refresh_jobs j
                                           where j.data_type = $1 and j.symbol = a.symbol and j.viewer_count >= a.viewers) as due
                    from aged a
                )
                select count(*)::int as examined,
                       coalesce(array_agg(symbol order by symbol) filter (where due), '{}') as symbols,
                       coalesce(array_agg(viewers order by symbol) filter (where due), '{}') as viewers,
                       coalesce(array_agg(deadline order by symbol) filter (where due), '{}') as deadlines
                from judged""".formatted(newest);
    }

    /** The parameters of {@link #dueViewed}: the constant keys only where the live table is read. */
    static Tuple dueParams(DataType dt, Tuple base) {
        return dt.judgedFromShadow() ? base : ConstantKeys.bind(dt, base);
    }

    /**
     * Fail-safe twin of {@link #dueViewed} when the target table cannot be read: every viewed pair
     * counts as stale, due now. $1 data_type, $2 presence cutoff.
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
                   coalesce(array_agg(v.viewers order by v.symbol) filter (where j.job_id is null), '{}') as viewers,
                   coalesce(array_agg(null::timestamptz order by v.symbol) filter (where j.job_id is null), '{}') as deadlines
            from viewed v
            left join refresh_jobs j on j.data_type = $1 and j.symbol = v.symbol and j.viewer_count >= v.viewers""";
}
