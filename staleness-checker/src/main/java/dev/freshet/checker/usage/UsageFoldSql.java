package dev.freshet.checker.usage;

/** The fold of a provider's usage rows per minute. */
final class UsageFoldSql {

    private UsageFoldSql() {
    }

    /**
     * Folds the finishes' rows (writer 1-16) of every minute before $1 into the minute's row 0, in one statement: the
     * rows deleted and the sums added commit together, so no reader ever sees a minute's calls counted twice or not at
     * all. A finish still settling into a folded minute (a call made before the minute ended) writes a row of its
     * writer again, which the next run folds. $1 the first minute left as it is. One row: rows folded, minutes.
     */
    static final String FOLD = """
            with gone as (
                delete from api_usage where writer <> 0 and bucket_start < $1
                returning provider, bucket_start, calls, bytes, reserved_calls, reserved_bytes, rate_limited, errors
            ), folded as (
                insert into api_usage as u (provider, bucket_start, writer, calls, bytes, reserved_calls, reserved_bytes,
                                            rate_limited, errors)
                select provider, bucket_start, 0, sum(calls), sum(bytes), sum(reserved_calls), sum(reserved_bytes),
                       sum(rate_limited), sum(errors)
                  from gone
                 group by provider, bucket_start
                on conflict (provider, bucket_start, writer) do update
                   set calls = u.calls + excluded.calls, bytes = u.bytes + excluded.bytes,
                       reserved_calls = u.reserved_calls + excluded.reserved_calls,
                       reserved_bytes = u.reserved_bytes + excluded.reserved_bytes,
                       rate_limited = u.rate_limited + excluded.rate_limited, errors = u.errors + excluded.errors
                returning 1
            )
            select (select count(*) from gone)::int as rows_folded, (select count(*) from folded)::int as minutes""";
}
