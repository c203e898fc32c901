package dev.freshet.admin.ui;

import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class UiService {

    /** A day of minutes: beyond that the history partitions to scan grow and a chart gets unreadable. */
    static final int MAX_TIMELINE_MINUTES = 1440;

    private final Pool pool;
    private final Clock clock;

    public UiService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<UiViews.Timeline> timeline(int minutes) {
        Instant now = clock.instant();
        return pool.preparedQuery(UiSql.TIMELINE).execute(Tuple.of(Params.utc(now), minutes)).map(rows -> {
            List<UiViews.Minute> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new UiViews.Minute(Rows.instant(r, "minute"), r.getLong("pending"), r.getLong("processing"),
                        r.getLong("completed"), r.getLong("failed"), r.getLong("cancelled")));
            }
            Instant from = out.isEmpty() ? now : out.get(0).minute();
            return new UiViews.Timeline(from, now, out);
        });
    }

    public Uni<List<UiViews.Circuit>> circuits() {
        return pool.preparedQuery(UiSql.CIRCUITS).execute().map(rows -> {
            List<UiViews.Circuit> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new UiViews.Circuit(r.getString("provider"), r.getString("instance_id"), r.getString("state"),
                        Rows.instant(r, "changed_at"), Rows.instant(r, "open_until"), r.getString("last_error"),
                        Rows.instant(r, "updated_at")));
            }
            return out;
        });
    }
}
