package dev.freshet.admin.registry;

import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RegistrySql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads and changes the registry; every change is audited and announced by the table's trigger. */
@ApplicationScoped
public class RegistryService {

    private static final Logger LOG = Logger.getLogger(RegistryService.class);

    private final Pool pool;
    private final DataTypeValidator validator;
    private final Clock clock;

    private final ChangeMetrics metrics;

    public RegistryService(Pool pool, DataTypeValidator validator, Clock clock, ChangeMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.validator = validator;
        this.clock = clock;
    }

    /** Straight from the table, so an admin reads their own write even before the caches reload. */
    public Uni<List<DataType>> list() {
        return pool.query(RegistrySql.SELECT_ALL).execute().map(rows -> {
            List<DataType> out = new ArrayList<>();
            rows.forEach(r -> out.add(RegistrySql.map(r)));
            return out;
        });
    }

    public Uni<DataType> get(String dataType) {
        return pool.preparedQuery(RegistrySql.SELECT_ONE).execute(Tuple.of(dataType)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                throw ProblemException.notFound("data type '" + dataType + "' does not exist");
            }
            return RegistrySql.map(it.next());
        });
    }

    public Uni<DataType> create(DataTypeRequest request, String actor) {
        return validator.validate(request.dataType(), request).flatMap(valid -> {
            List<Object> params = new ArrayList<>(valid.columns());
            params.add(actor);
            return pool.preparedQuery(RegistryAdminSql.INSERT).execute(Tuple.from(params)).map(rows -> {
                RowIterator<Row> it = rows.iterator();
                if (!it.hasNext()) {
                    throw ProblemException.conflict("data type '" + valid.dataType() + "' already exists");
                }
                LOG.infof("%s created data type %s", actor, valid.dataType());
                metrics.changed("registry", "create");
                return RegistrySql.map(it.next());
            });
        });
    }

    public Uni<DataType> update(String dataType, DataTypeRequest request, String actor) {
        if (request.dataType() != null && !request.dataType().equals(dataType)) {
            return Uni.createFrom().failure(ProblemException.badRequest("dataType in the body differs from the path; a data type cannot be renamed"));
        }
        if (request.version() == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("version is required: send the version you read"));
        }
        return validator.validate(dataType, request).flatMap(valid -> {
            List<Object> params = new ArrayList<>(valid.columns());
            params.add(actor);
            params.add(request.version());
            return pool.preparedQuery(RegistryAdminSql.UPDATE).execute(Tuple.from(params)).map(rows -> {
                RowIterator<Row> it = rows.iterator();
                if (!it.hasNext()) {
                    throw ProblemException.notFound("data type '" + dataType + "' does not exist");
                }
                Row r = it.next();
                if (r.getString("data_type") == null && r.getInteger("current_version").equals(request.version())) {
                    throw ProblemException.conflict("data type '" + dataType + "' is " + r.getString("current_state")
                            + ": its rollout state changes through PUT /api/v1/rollout/" + dataType + ", not here");
                }
                if (r.getString("data_type") == null) {
                    throw ProblemException.conflict("data type '" + dataType + "' was changed meanwhile: version "
                            + request.version() + " was sent, the current version is " + r.getInteger("current_version")
                            + "; read it again and reapply your change");
                }
                LOG.infof("%s updated data type %s to version %d", actor, dataType, r.getInteger("version"));
                metrics.changed("registry", "update");
                return RegistrySql.map(r);
            });
        });
    }

    /**
     * Deletes a data type. Queued jobs block the delete unless forced; forced, they are cancelled
     * (moved to history) in the same transaction.
     */
    public Uni<Integer> delete(String dataType, boolean force, Integer expectedVersion, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(RegistryAdminSql.LOCK).execute(Tuple.of(dataType))
                .flatMap(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        throw ProblemException.notFound("data type '" + dataType + "' does not exist");
                    }
                    Row row = it.next();
                    if (expectedVersion != null && expectedVersion != row.getInteger("version").intValue()) {
                        throw ProblemException.conflict("data type '" + dataType + "' was changed meanwhile: version "
                                + expectedVersion + " was sent, the current version is " + row.getInteger("version"));
                    }
                    Object before = row.getValue("row_json");
                    return conn.preparedQuery(RegistryAdminSql.JOB_IDS).execute(Tuple.of(dataType)).flatMap(ids -> {
                        Long[] jobIds = ids.iterator().next().getArrayOfLongs("ids");
                        int queued = jobIds == null ? 0 : jobIds.length;
                        if (queued > 0 && !force) {
                            throw ProblemException.conflict("data type '" + dataType + "' has " + queued
                                    + " queued job(s); cancel them or delete with force=true");
                        }
                        Uni<Integer> cancelled = queued == 0 ? Uni.createFrom().item(0)
                                : conn.preparedQuery(JobSql.ARCHIVE).execute(Tuple.from(Arrays.asList(jobIds, "cancelled",
                                        clock.instant().atOffset(ZoneOffset.UTC), "data type deleted by " + actor, false)))
                                .map(r -> r.rowCount());
                        return cancelled.flatMap(n -> conn.preparedQuery(RegistryAdminSql.DELETE_PRESENCE).execute(Tuple.of(dataType))
                                .flatMap(x -> conn.preparedQuery(RegistryAdminSql.DELETE)
                                        .execute(Tuple.of(dataType, actor, before, n)))
                                .map(x -> {
                                    LOG.infof("%s deleted data type %s (%d queued job(s) cancelled)", actor, dataType, n);
                                    metrics.changed("registry", "delete");
                                    return n;
                                }));
                    });
                }));
    }
}
