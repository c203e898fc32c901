package dev.freshet.processor.aggregate;

import dev.freshet.shared.aggregation.AggregationSql;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.Collection;

/**
 * Starts the aggregation chain of symbols whose 1-minute bars were just written, in the transaction
 * that writes them: creates their missing aggregation tasks and queues the timeframes built on 1m
 * (as a finished aggregation run queues the ones built on it), so a new symbol's 5m run does not wait
 * for the checker's registry sync and due-task scan, and a late bar (noted by the data_bars trigger
 * in the same transaction) is re-aggregated at once. The checker's scan stays the fallback.
 */
@ApplicationScoped
public class AggregationFollowUp {

    private static final Logger LOG = Logger.getLogger(AggregationFollowUp.class);
    private static final String SOURCE = "1m";

    private final AggregationConfig config;

    public AggregationFollowUp(AggregationConfig config) {
        this.config = config;
    }

    /** {@code symbols}: those of the batch whose rows of {@code dt} were written. */
    public Uni<Void> afterWrite(SqlConnection conn, DataType dt, Collection<String> symbols) {
        if (symbols.isEmpty() || !writesSourceBars(dt)) {
            return Uni.createFrom().voidItem();
        }
        String[] list = symbols.toArray(String[]::new);
        return conn.preparedQuery(AggregationSql.CREATE_TASKS).execute(Tuple.of(list, config.startUtc().atOffset(ZoneOffset.UTC)))
                .chain(() -> conn.preparedQuery(AggregationSql.ENQUEUE_CHAIN).execute(Tuple.of(list, SOURCE)))
                .invoke(rs -> LOG.debugf("%s: queued %d aggregation job(s) for %d symbol(s)", dt.dataType(), rs.rowCount(), list.length))
                .replaceWithVoid();
    }

    /** Live writes of the 1-minute bars the aggregation reads (data_bars, timeframe 1m); a shadow write is not read. */
    static boolean writesSourceBars(DataType dt) {
        if (!dt.writesLive() || !"data_bars".equals(dt.tableName()) || dt.handlerConfig() == null) {
            return false;
        }
        JsonObject columns = dt.handlerConfig().getJsonObject("columns");
        JsonObject timeframe = columns == null ? null : columns.getJsonObject("timeframe");
        return timeframe != null && SOURCE.equals(timeframe.getString("value"));
    }
}
