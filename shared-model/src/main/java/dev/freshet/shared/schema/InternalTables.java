package dev.freshet.shared.schema;

import java.util.Set;

/**
 * Freshet's own tables: no data type may name one as its target, because the tracker serves a
 * target's mapped columns to the public and the processor writes into it. Kept beside the
 * migrations; {@code InternalTablesTest} fails when a migration creates a table that is neither here
 * nor the target of a shipped data type. Partitions count as their root table.
 */
public final class InternalTables {

    public static final Set<String> NAMES = Set.of(
            "flyway_schema_history", "freshet_table_grants",
            "data_type_registry", "feature_flags", "provider_quotas", "provider_circuit_state", "provider_pauses",
            "api_usage", "refresh_jobs", "refresh_job_history", "refresh_job_history_default",
            "active_subscriptions", "subscription_analytics", "scheduler_execution_log", "scheduled_scan_cursor",
            "data_freshness", "audit_log", "admin_local_users", "shadow_writes",
            "data_agg_state", "data_agg_invalidation", "on_demand_calls", "symbol_not_found");

    private InternalTables() {
    }

    /** @param table a table name, or the root of the partition tree it belongs to */
    public static boolean contains(String table) {
        return table != null && NAMES.contains(table);
    }
}
