package dev.freshet.admin.analytics;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.aggregation.AggregationAdminSql;
import dev.freshet.admin.common.Params;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the data Freshet collects visible to the metrics backend: viewers per data type in the
 * newest analytics bucket ({@code freshet_subscription_viewers}) and, per timeframe, the share of
 * complete bars among those built in the report window ({@code freshet_aggregation_full_quality_ratio}).
 * Both are read from the database on a timer rather than at each scrape, so a scrape never waits
 * for a query; every replica reports the same values.
 */
@ApplicationScoped
public class CollectedDataGauges {

    private static final Logger LOG = Logger.getLogger(CollectedDataGauges.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final AdminConfig config;
    private final MultiGauge viewers;
    private final MultiGauge quality;
    private long timer = -1;

    public CollectedDataGauges(Pool pool, Vertx vertx, Clock clock, AdminConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.viewers = MultiGauge.builder("freshet_subscription_viewers")
                .description("Viewers per data type in the newest subscription analytics bucket").register(registry);
        this.quality = MultiGauge.builder("freshet_aggregation_full_quality_ratio")
                .description("Share of derived bars built in the report window that had every 1-minute bar they cover, per timeframe")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        refresh().subscribe().with(x -> { }, e -> { });
        timer = vertx.setPeriodic(config.collectedDataMetricsInterval().toMillis(),
                id -> refresh().subscribe().with(x -> { }, e -> { }));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads both figures and replaces the gauges' rows (a data type or timeframe gone drops out). */
    Uni<Void> refresh() {
        var now = clock.instant();
        Uni<Void> views = pool.preparedQuery(AnalyticsSql.LATEST_VIEWERS)
                .execute(Tuple.of(Params.utc(now.minus(config.reportWindow())))).invoke(rows -> {
                    List<MultiGauge.Row<?>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(MultiGauge.Row.of(Tags.of("data_type", r.getString("data_type")),
                            r.getLong("viewers"))));
                    viewers.register(out, true);
                }).replaceWithVoid();
        Uni<Void> bars = pool.preparedQuery(AggregationAdminSql.TIMEFRAMES)
                .execute(Tuple.of(Params.utc(now.minus(config.reportWindow())))).invoke(rows -> {
                    List<MultiGauge.Row<?>> out = new ArrayList<>();
                    rows.forEach(r -> {
                        long total = r.getLong("bars");
                        if (total > 0) {
                            out.add(MultiGauge.Row.of(Tags.of("timeframe", r.getString("timeframe")),
                                    (double) r.getLong("full_bars") / total));
                        }
                    });
                    quality.register(out, true);
                }).replaceWithVoid();
        return Uni.combine().all().unis(views, bars).discardItems()
                .onFailure().invoke(e -> LOG.warnf("collected-data metrics not refreshed: %s", e.getMessage()));
    }
}
