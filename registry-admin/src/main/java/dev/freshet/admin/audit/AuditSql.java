package dev.freshet.admin.audit;

/** Statements on the audit log. Changes write their audit row in the statement that changes them. */
public final class AuditSql {

    /** $1 actor, $2 entity_type, $3 entity_id, $4 action, $5 before, $6 after. */
    public static final String INSERT = """
            insert into audit_log (actor, entity_type, entity_id, action, before, after)
            values ($1, $2, $3, $4, $5, $6)""";

    /** $1 entity_type, $2 entity_id, $3 actor, $4 since, $5 cursor (audit_id below), $6 limit. Newest first. */
    public static final String LIST = """
            select audit_id, at, actor, entity_type, entity_id, action, before, after
            from audit_log
            where ($1::text is null or entity_type = $1)
              and ($2::text is null or entity_id = $2)
              and ($3::text is null or actor = $3)
              and ($4::timestamptz is null or at >= $4)
              and ($5::bigint is null or audit_id < $5)
            order by audit_id desc
            limit $6""";

    private AuditSql() {
    }
}
