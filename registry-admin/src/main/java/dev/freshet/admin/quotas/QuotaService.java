package dev.freshet.admin.quotas;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import java.util.Optional;

import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Params;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

@ApplicationScoped
public class QuotaService {

    private static final Logger LOG = Logger.getLogger(QuotaService.class);
    public static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    static final String UNIVERSE_TABLE = "symbol_universe";
    static final int MAX_NOT_FOUND_SECONDS = 30 * 86400;

    private final Pool pool;
    private final Clock clock;
    private final AdminConfig config;

    private final ChangeMetrics metrics;
    private final Registry registry;

    public QuotaService(Pool pool, Clock clock, AdminConfig config, ChangeMetrics metrics, Registry registry) {
        this.metrics = metrics;
        this.registry = registry;
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    /** Quotas with usage, as of {@code now}; the rows also carry the recent usage the forecast needs. */
    public Uni<RowSet<Row>> usage(String provider, Instant now) {
        return pool.preparedQuery(QuotaSql.WITH_USAGE).execute(Tuple.from(Arrays.asList(Params.utc(now), provider,
                Params.utc(now.minus(config.forecastRateWindow())))));
    }

    public Uni<List<QuotaView>> list() {
        return usage(null, clock.instant()).map(rows -> {
            List<QuotaView> out = new ArrayList<>();
            rows.forEach(r -> out.add(QuotaView.of(r)));
            return out;
        });
    }

    public Uni<QuotaView> get(String provider) {
        return usage(provider, clock.instant()).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("provider '" + provider + "' has no quota");
            }
            return QuotaView.of(rows.iterator().next());
        });
    }

    public Uni<QuotaView> set(String provider, QuotaRequest r, String actor) {
        List<String> errors = new ArrayList<>();
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            errors.add("the provider name must be lower-case letters, digits, '_' or '-', starting with a letter");
        }
        if (r == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("the quota is required in the body"));
        }
        positive(errors, "callsPerMinute", r.callsPerMinute());
        positive(errors, "callsPerDay", r.callsPerDay());
        positive(errors, "bytesPerWindow", r.bytesPerWindow());
        positive(errors, "bytesWindowSeconds", r.bytesWindowSeconds());
        if ((r.bytesPerWindow() == null) != (r.bytesWindowSeconds() == null)) {
            errors.add("bytesPerWindow and bytesWindowSeconds go together: give both or neither");
        }
        range(errors, "safetyMarginPct", r.safetyMarginPct(), 0, 90);
        range(errors, "onDemandReservePct", r.onDemandReservePct(), 0, 100);
        if (r.maxConcurrency() != null && (r.maxConcurrency() < 1 || r.maxConcurrency() > 1000)) {
            errors.add("maxConcurrency must be between 1 and 1000");
        }
        if (r.requestTimeoutMs() != null && (r.requestTimeoutMs() < 100 || r.requestTimeoutMs() > 300_000)) {
            errors.add("requestTimeoutMs must be between 100 and 300000");
        }
        knownSymbols(errors, provider, r);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the quota is not valid", errors));
        }
        Tuple params = Tuple.from(Arrays.asList(provider, r.callsPerMinute(), r.callsPerDay(), r.bytesPerWindow(),
                r.bytesWindowSeconds(), decimal(r.safetyMarginPct(), 10), decimal(r.onDemandReservePct(), 20),
                r.maxConcurrency() == null ? 8 : r.maxConcurrency(),
                r.requestTimeoutMs() == null ? 10_000 : r.requestTimeoutMs(), actor, r.version(),
                r.universeDataType(), r.notFoundBaseSeconds(), r.notFoundMaxSeconds()));
        return pool.preparedQuery(QuotaSql.SET).execute(params).flatMap(rows -> {
            Row row = rows.iterator().next();
            if (row.getString("written") == null) {
                if (!row.getBoolean("existed")) {
                    throw ProblemException.notFound("provider '" + provider + "' has no quota; send no version to create it");
                }
                if (r.version() == null) {
                    throw ProblemException.conflict("provider '" + provider + "' already has a quota; send its version to change it");
                }
                throw ProblemException.conflict("the quota of '" + provider + "' was changed meanwhile: version " + r.version()
                        + " was sent, the current version is " + row.getInteger("current_version"));
            }
            LOG.infof("%s set the quota of provider %s", actor, provider);
            metrics.changed("quota", "set");
            return get(provider);
        });
    }

    /**
     * The universe must be a global data type of this provider that writes {@code symbol_universe} (any
     * other would hold every symbol outside a list it does not keep); the backoff positive, its maximum at
     * least its base and at most 30 days. A maximum checked against a base left out is checked by the database.
     */
    private void knownSymbols(List<String> errors, String provider, QuotaRequest r) {
        String universe = r.universeDataType();
        if (universe != null && !universe.isEmpty()) {
            Optional<DataType> dt = registry.find(universe);
            if (dt.isEmpty()) {
                errors.add("universeDataType '" + universe + "' is not a data type of the registry");
            } else if (!dt.get().global() || !UNIVERSE_TABLE.equals(dt.get().tableName()) || !dt.get().provider().equals(provider)) {
                errors.add("universeDataType must be a global data type of provider " + provider
                        + " writing the table " + UNIVERSE_TABLE + "; " + universe + " is not");
            }
        }
        range(errors, "notFoundBaseSeconds", asDouble(r.notFoundBaseSeconds()), 1, MAX_NOT_FOUND_SECONDS);
        range(errors, "notFoundMaxSeconds", asDouble(r.notFoundMaxSeconds()), 1, MAX_NOT_FOUND_SECONDS);
        if (r.notFoundBaseSeconds() != null && r.notFoundMaxSeconds() != null && r.notFoundMaxSeconds() < r.notFoundBaseSeconds()) {
            errors.add("notFoundMaxSeconds must be at least notFoundBaseSeconds");
        }
    }

    private static Double asDouble(Integer v) {
        return v == null ? null : v.doubleValue();
    }

    private static BigDecimal decimal(Double v, double dflt) {
        return BigDecimal.valueOf(v == null ? dflt : v);
    }

    private static void positive(List<String> errors, String field, Number v) {
        if (v != null && v.longValue() <= 0) {
            errors.add(field + " must be greater than 0 (leave it out to not enforce this window)");
        }
    }

    private static void range(List<String> errors, String field, Double v, double min, double max) {
        if (v != null && (v.isNaN() || v < min || v > max)) {
            errors.add(field + " must be between " + (int) min + " and " + (int) max);
        }
    }
}
