package dev.freshet.processor.aggregate;

import dev.freshet.shared.aggregation.AggregationSql;
import dev.freshet.shared.aggregation.CatchUp;
import dev.freshet.shared.aggregation.TaskStatus;
import dev.freshet.shared.handler.AggregateBarsConfigValidator;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.handler.RefreshRequest;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.registry.DataType;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Runs one aggregation task per symbol of an {@code aggregate-bars} job: catch-up and finish in one
 * transaction of its own (the cursor moves only with the bars it covers), then reports the windows
 * written through {@link SymbolOutcome.SqlWrite}. The task's state, not the job, carries the
 * progress, so the catch-up being idempotent makes a repeated or lost job harmless. A failed run is
 * recorded on the task (streak, error) in a separate transaction; a hard-failed task fails its job
 * permanently until an operator resets it. A run that changed its timeframe queues, in the same
 * transaction, the aggregation of the timeframes built on it, so a chain (5m, 15m, 1h, 1d) completes
 * in the time its work takes; the checker's due-task scan and the schedule remain the fallback.
 */
@ApplicationScoped
public class AggregateBarsHandler implements RefreshHandler {

    private static final Logger LOG = Logger.getLogger(AggregateBarsHandler.class);

    private final Pool pool;
    private final AggregationConfig config;
    private final MeterRegistry meters;

    public AggregateBarsHandler(Pool pool, AggregationConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.meters = meters;
    }

    @Override
    public String name() {
        return AggregateBarsConfigValidator.HANDLER;
    }

    @Override
    public Uni<List<SymbolOutcome>> refresh(RefreshRequest request) {
        String timeframe = request.dataType().handlerConfig().getString("timeframe");
        return Multi.createFrom().iterable(request.symbols())
                .onItem().transformToUniAndConcatenate(symbol -> run(request.dataType(), timeframe, symbol, request.now()))
                .collect().asList();
    }

    private Uni<SymbolOutcome> run(DataType dt, String timeframe, String symbol, Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery(AggregationSql.CATCH_UP)
                        .execute(Tuple.of(symbol, timeframe, config.maxWindowsPerRun(), utc(now)))
                        .map(rs -> CatchUp.from(rs.iterator().next()))
                        .call(c -> c.ran() || "no_source".equals(c.outcome())
                                ? conn.preparedQuery(AggregationSql.FINISH).execute(Tuple.from(new Object[]{symbol, timeframe, true,
                                        c.cursorTo() == null ? null : utc(c.cursorTo()), null, utc(now),
                                        utc(c.moreDue() ? now : now.plus(interval(dt))), config.hardFailThreshold()}))
                                : Uni.createFrom().voidItem())
                        .call(c -> advanced(c)
                                ? conn.preparedQuery(AggregationSql.ENQUEUE_CHAIN).execute(Tuple.of(new String[]{symbol}, timeframe))
                                : Uni.createFrom().voidItem()))
                .map(c -> outcome(dt, timeframe, symbol, c))
                .onFailure().recoverWithUni(e -> failed(timeframe, symbol, now, e));
    }

    /** The run changed what the timeframes built on this one read. */
    private static boolean advanced(CatchUp c) {
        return c.ran() && (c.windowsWritten() > 0 || c.windowsDeleted() > 0
                || (c.cursorTo() != null && !c.cursorTo().equals(c.cursorFrom())));
    }

    private SymbolOutcome outcome(DataType dt, String timeframe, String symbol, CatchUp c) {
        return switch (c.outcome()) {
            case "ok" -> {
                int written = c.windowsWritten();
                meters.counter("freshet_aggregation_windows_written_total", "timeframe", timeframe).increment(written);
                if (c.windowsReaggregated() > 0) {
                    LOG.infof("%s %s: re-aggregated %d window(s) holding late 1-minute bars", symbol, timeframe, c.windowsReaggregated());
                }
                yield new SymbolOutcome.SqlWrite(symbol, conn -> Uni.createFrom().item(written), null, 0);
            }
            case "no_source", "disabled" -> new SymbolOutcome.SqlWrite(symbol, conn -> Uni.createFrom().item(0), null, 0);
            case TaskStatus.HARD_FAILED -> new SymbolOutcome.Failed(symbol, FailureKind.PERMANENT,
                    "aggregation task " + symbol + " " + timeframe + " is hard_failed; reset it to run again", null, 0, null);
            default -> new SymbolOutcome.Failed(symbol, FailureKind.PERMANENT,
                    "no aggregation task for " + symbol + " " + timeframe + " (" + dt.dataType() + "); the registry sync creates it",
                    null, 0, null);
        };
    }

    private Uni<SymbolOutcome> failed(String timeframe, String symbol, Instant now, Throwable e) {
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        meters.counter("freshet_aggregation_failures_total", "timeframe", timeframe).increment();
        return pool.preparedQuery(AggregationSql.FINISH).execute(Tuple.from(new Object[]{symbol, timeframe, false, null, error,
                        utc(now), utc(now.plus(config.failureBackoff())), config.hardFailThreshold()}))
                .map(rs -> rs.iterator().hasNext() ? rs.iterator().next().getString("status") : null)
                .onFailure().recoverWithItem((String) null)
                .map(status -> {
                    boolean hard = TaskStatus.HARD_FAILED.equals(status);
                    LOG.warnf("aggregation of %s %s failed%s: %s", symbol, timeframe, hard ? " (now hard_failed)" : "", error);
                    return new SymbolOutcome.Failed(symbol, hard ? FailureKind.PERMANENT : FailureKind.FAULT, error, null, 0, null);
                });
    }

    private Duration interval(DataType dt) {
        return dt.scheduleIntervalSeconds() == null ? config.defaultInterval() : Duration.ofSeconds(dt.scheduleIntervalSeconds());
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
