package dev.freshet.checker.scheduled;

import dev.freshet.checker.run.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Reads every provider's remaining quota and turns it into what scheduled work may spend this run. */
@ApplicationScoped
public class ProviderBudgets {

    Uni<Map<String, ProviderBudget>> load(SqlClient client, Instant now, double share) {
        return client.preparedQuery(ScheduledRefreshSql.PROVIDER_BUDGETS).execute(Tuple.of(Times.utc(now))).map(rows -> {
            Map<String, ProviderBudget> out = new HashMap<>();
            for (Row r : rows) {
                double margin = r.getDouble("safety_margin_pct");
                double reserve = r.getDouble("on_demand_reserve_pct");
                long pending = r.getLong("pending");
                long reservedCalls = r.getLong("reserved_calls");
                long minute = ProviderBudget.allowance(longOrNull(r, "calls_per_minute"), margin, reserve,
                        r.getLong("calls_minute") + reservedCalls + pending, share);
                long day = ProviderBudget.allowance(longOrNull(r, "calls_per_day"), margin, reserve,
                        r.getLong("calls_day") + reservedCalls + pending, share);
                long bytes = ProviderBudget.allowance(longOrNull(r, "bytes_per_window"), margin, reserve,
                        r.getLong("bytes_window") + r.getLong("reserved_bytes") + r.getLong("pending_bytes"), share);
                String provider = r.getString("provider");
                out.put(provider, new ProviderBudget(provider, Math.min(minute, day), bytes));
            }
            return out;
        });
    }

    private static Long longOrNull(Row r, String column) {
        Object v = r.getValue(column);
        return v == null ? null : ((Number) v).longValue();
    }
}
