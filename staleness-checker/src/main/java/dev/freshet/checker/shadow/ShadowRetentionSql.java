package dev.freshet.checker.shadow;

/** Retention of the shadow records (what shadow refreshes fetched, beside the live rows). */
final class ShadowRetentionSql {

    private ShadowRetentionSql() {
    }

    /**
     * Deletes the oldest records recorded before $1, at most $2 of them (on the recorded_at index).
     * One row: deleted, and more (whether records before $1 remain for the next run).
     */
    static final String PRUNE = """
            with doomed as (
                select shadow_id from shadow_writes where recorded_at < $1 order by recorded_at limit $2
            ), deleted as (
                delete from shadow_writes w using doomed d where w.shadow_id = d.shadow_id
                returning 1
            )
            select (select count(*) from deleted)::int as deleted,
                   exists (select 1 from shadow_writes where recorded_at < $1 offset $2) as more""";
}
