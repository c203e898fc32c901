package dev.freshet.checker.history;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerSchedule;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.lifecycle.StartupOrder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps daily refresh_job_history partitions created ahead of time (so finished jobs never land in
 * the default partition) and drops the ones past retention; also ages out the execution log.
 * Runs at startup too, so a replica that was down for days catches up at once.
 */
@ApplicationScoped
public class HistoryMaintenance implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(HistoryMaintenance.class);

    private final CheckerConfig config;

    public HistoryMaintenance(CheckerConfig config) {
        this.config = config;
    }

    /** Runs with the scheduled tasks, once the registry and flags are read ({@link CheckerSchedule}'s start). */
    void onStart(@Observes @Priority(StartupOrder.ONCE_SETTINGS_ARE_READ) StartupEvent event, CheckerSchedule schedule) {
        if (schedule.enabled() && config.history().runAtStartup()) {
            schedule.runNow(this).subscribe().with(run -> { }, e -> LOG.warnf("startup history maintenance: %s", e.getMessage()));
        }
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.HISTORY_MAINTENANCE;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate dropBefore = today.minusDays(config.history().retention().toDays());
        Instant historyCutoff = dropBefore.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant logCutoff = now.minus(config.history().executionLogRetention());
        // yesterday too: a job finishing just before midnight may commit just after it
        Tuple ensure = Tuple.of(today.minusDays(1), config.history().daysAhead() + 2);
        return tx.query(HistorySql.LOCK_TIMEOUT).execute()
                .flatMap(x -> tx.preparedQuery(HistorySql.ENSURE_PARTITIONS).execute(ensure))
                .map(rows -> rows.iterator().next().getInteger("created"))
                .flatMap(created -> tx.preparedQuery(HistorySql.DROP_PARTITIONS).execute(Tuple.of(dropBefore))
                        .map(rows -> rows.iterator().next().getInteger("dropped"))
                        .flatMap(dropped -> tx.preparedQuery(HistorySql.PRUNE_DEFAULT_PARTITION).execute(Tuple.of(Times.utc(historyCutoff)))
                                .flatMap(pd -> tx.preparedQuery(HistorySql.PRUNE_EXECUTION_LOG).execute(Tuple.of(Times.utc(logCutoff)))
                                        .map(pl -> {
                                            if (created > 0 || dropped > 0) {
                                                LOG.infof("history maintenance: %d partitions created, %d dropped", created, dropped);
                                            }
                                            return new TaskOutcome(created + dropped, 0, new JsonObject()
                                                    .put("partitionsCreated", created).put("partitionsDropped", dropped)
                                                    .put("defaultPartitionRowsPruned", pd.rowCount())
                                                    .put("executionLogRowsPruned", pl.rowCount()));
                                        }))));
    }
}
