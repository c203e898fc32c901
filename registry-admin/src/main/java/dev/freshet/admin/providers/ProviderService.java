package dev.freshet.admin.providers;

import dev.freshet.admin.audit.AuditSql;
import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.admin.quotas.QuotaService;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Providers' circuits and the operators' pause: a paused provider's jobs stay queued, unclaimed by
 * every processor, until it is resumed. Pauses are audited on the provider's quota entity, the
 * provider's one row in the audit vocabulary.
 */
@ApplicationScoped
public class ProviderService {

    private static final Logger LOG = Logger.getLogger(ProviderService.class);
    private static final int MAX_REASON = 500;

    private final Pool pool;
    private final ChangeMetrics metrics;

    public ProviderService(Pool pool, ChangeMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    public Uni<List<ProviderView>> list() {
        return pool.preparedQuery(ProviderSql.LIST).execute().map(rows -> {
            List<ProviderView> out = new ArrayList<>();
            rows.forEach(r -> out.add(ProviderView.of(r)));
            return out;
        });
    }

    public Uni<Void> pause(String provider, PauseRequest request, String actor) {
        String reason = request == null || request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
        List<String> errors = new ArrayList<>();
        checkName(provider, errors);
        if (reason != null && reason.length() > MAX_REASON) {
            errors.add("reason must be at most " + MAX_REASON + " characters");
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the pause is not valid", errors));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(ProviderSql.PAUSE).execute(Tuple.of(provider, actor, reason))
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    known(r, provider);
                    if (r.getValue("paused_at") == null) {
                        throw ProblemException.conflict("provider '" + provider + "' is paused already");
                    }
                    return audit(tx, actor, provider, "pause", new JsonObject().put("paused", false),
                            new JsonObject().put("paused", true).put("reason", reason));
                }))
                .invoke(() -> {
                    LOG.infof("%s paused provider %s%s", actor, provider, reason == null ? "" : " (" + reason + ")");
                    metrics.changed("quota", "pause");
                });
    }

    public Uni<Void> resume(String provider, String actor) {
        List<String> errors = new ArrayList<>();
        checkName(provider, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the provider is not valid", errors));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(ProviderSql.RESUME).execute(Tuple.of(provider))
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    known(r, provider);
                    if (r.getValue("paused_at") == null) {
                        throw ProblemException.conflict("provider '" + provider + "' is not paused");
                    }
                    return audit(tx, actor, provider, "resume",
                            new JsonObject().put("paused", true).put("pausedBy", r.getString("paused_by")).put("reason", r.getString("reason")),
                            new JsonObject().put("paused", false));
                }))
                .invoke(() -> {
                    LOG.infof("%s resumed provider %s", actor, provider);
                    metrics.changed("quota", "resume");
                });
    }

    private static void checkName(String provider, List<String> errors) {
        if (provider == null || !QuotaService.PROVIDER.matcher(provider).matches()) {
            errors.add("the provider name must be lower-case letters, digits, '_' or '-', starting with a letter");
        }
    }

    private static void known(Row r, String provider) {
        if (!r.getBoolean("known")) {
            throw ProblemException.notFound("provider '" + provider + "' has no quota");
        }
    }

    private static Uni<Void> audit(SqlClient tx, String actor, String provider, String action, JsonObject before, JsonObject after) {
        return tx.preparedQuery(AuditSql.INSERT).execute(Tuple.from(Arrays.asList(actor, "quota", provider, action, before, after)))
                .replaceWithVoid();
    }
}
