package dev.freshet.admin.registry;

import dev.freshet.admin.common.Json;
import dev.freshet.shared.handler.HandlerConfigValidator;
import dev.freshet.shared.identifier.CatalogValidator;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.identifier.InvalidIdentifierException;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a registry row must satisfy before it is written: field rules, identifiers against the
 * pattern and the catalog, a known provider, and a handler_config its handler accepts. All problems
 * are reported at once; a rejected request writes nothing.
 */
@ApplicationScoped
public class DataTypeValidator {

    static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
    static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    static final Set<String> SCOPES = Set.of("symbol", "global");
    static final Set<String> REFRESH_MODES = Set.of("on_demand", "scheduled", "both");
    static final Set<String> TIERS = Set.of("critical", "standard", "low");
    static final Set<String> ROLLOUT_STATES = Set.of("off", "shadow", "live", "paused");

    private final Pool pool;
    private final CatalogValidator catalog;
    private final Instance<HandlerConfigValidator> handlers;

    public DataTypeValidator(Pool pool, CatalogValidator catalog, Instance<HandlerConfigValidator> handlers) {
        this.pool = pool;
        this.catalog = catalog;
        this.handlers = handlers;
    }

    /** @param dataType the data type named by the path (update) or the body (create) */
    public Uni<ValidDataType> validate(String dataType, DataTypeRequest r) {
        List<String> errors = new ArrayList<>();
        if (dataType == null || dataType.length() > 63 || !SLUG.matcher(dataType).matches()) {
            errors.add("dataType must be a lower-case slug of letters and digits separated by single hyphens, at most 63 characters");
        }
        if (r.displayName() == null || r.displayName().isBlank() || r.displayName().length() > 200) {
            errors.add("displayName is required, at most 200 characters");
        }
        if (r.provider() == null || !PROVIDER.matcher(r.provider()).matches()) {
            errors.add("provider must be a lower-case provider name");
        }
        if (r.handler() == null || r.handler().isBlank()) {
            errors.add("handler is required");
        }
        if (r.handlerConfig() != null && !r.handlerConfig().isObject()) {
            errors.add("handlerConfig must be a JSON object");
        }
        String scope = required(errors, "scope", r.scope(), SCOPES);
        String refreshMode = required(errors, "refreshMode", r.refreshMode(), REFRESH_MODES);
        String tier = r.tier() == null ? "standard" : required(errors, "tier", r.tier(), TIERS);
        String rolloutState = r.rolloutState() == null ? null : required(errors, "rolloutState", r.rolloutState(), ROLLOUT_STATES);
        if (r.ttlSeconds() == null || r.ttlSeconds() <= 0) {
            errors.add("ttlSeconds must be greater than 0");
        }
        if (refreshMode != null && !refreshMode.equals("on_demand")
                && (r.scheduleIntervalSeconds() == null || r.scheduleIntervalSeconds() <= 0)) {
            errors.add("scheduleIntervalSeconds must be greater than 0 when refreshMode is " + refreshMode);
        }
        if (r.scheduleIntervalSeconds() != null && r.scheduleIntervalSeconds() <= 0) {
            errors.add("scheduleIntervalSeconds must be greater than 0");
        }
        if (r.priority() != null && (r.priority() < -100 || r.priority() > 100)) {
            errors.add("priority must be between -100 and 100");
        }
        positive(errors, "warnAfterSeconds", r.warnAfterSeconds());
        positive(errors, "errorAfterSeconds", r.errorAfterSeconds());
        if (r.warnAfterSeconds() != null && r.errorAfterSeconds() != null && r.warnAfterSeconds() > r.errorAfterSeconds()) {
            errors.add("warnAfterSeconds must not exceed errorAfterSeconds");
        }
        if (r.estimatedBytes() != null && r.estimatedBytes() < 0) {
            errors.add("estimatedBytes must not be negative");
        }
        if (r.maxAttempts() != null && (r.maxAttempts() < 1 || r.maxAttempts() > 50)) {
            errors.add("maxAttempts must be between 1 and 50");
        }

        boolean identifiersOk = identifier(errors, "tableName", r.tableName(), true)
                & identifier(errors, "timestampColumn", r.timestampColumn(), true)
                & identifier(errors, "sourceTimestampColumn", r.sourceTimestampColumn(), false);
        if ("symbol".equals(scope)) {
            identifiersOk &= identifier(errors, "symbolColumn", r.symbolColumn(), true);
        } else if ("global".equals(scope) && r.symbolColumn() != null) {
            errors.add("symbolColumn must be absent for a global data type");
        }
        List<String> keys = r.keyColumns() == null ? List.of() : r.keyColumns();
        if (keys.isEmpty() || keys.size() > 8) {
            errors.add("keyColumns must name between 1 and 8 columns");
        }
        for (int i = 0; i < keys.size(); i++) {
            identifiersOk &= identifier(errors, "keyColumns[" + i + "]", keys.get(i), true);
        }
        if (new LinkedHashSet<>(keys).size() != keys.size()) {
            errors.add("keyColumns must not repeat a column");
        }

        HandlerConfigValidator handler = r.handler() == null ? null : handler(r.handler());
        if (r.handler() != null && !r.handler().isBlank() && handler == null) {
            errors.add("handler '" + printable(r.handler()) + "' is unknown (known: " + knownHandlers() + ")");
        }
        if (!identifiersOk) {
            return Uni.createFrom().failure(invalid(errors));
        }

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        keys.forEach(k -> expected.put(k, Set.of()));
        expected.put(r.timestampColumn(), CatalogValidator.TIMESTAMP_TYPES);
        if (r.sourceTimestampColumn() != null) {
            expected.put(r.sourceTimestampColumn(), CatalogValidator.TIMESTAMP_TYPES);
        }
        if ("symbol".equals(scope)) {
            expected.put(r.symbolColumn(), CatalogValidator.TEXT_TYPES);
        }
        Uni<Boolean> providerKnown = r.provider() == null ? Uni.createFrom().item(true)
                : pool.preparedQuery(RegistryAdminSql.PROVIDER_EXISTS).execute(Tuple.of(r.provider()))
                .map(rows -> rows.iterator().next().getBoolean("known"));
        return Uni.combine().all().unis(catalog.check(r.tableName(), expected, keys), providerKnown).asTuple().map(t -> {
            var check = t.getItem1();
            errors.addAll(check.problems());
            if (!t.getItem2()) {
                errors.add("provider '" + r.provider() + "' has no quota; create it under /api/v1/quotas first");
            }
            JsonObject config = r.handlerConfig() == null || !r.handlerConfig().isObject() ? new JsonObject() : Json.object(r.handlerConfig());
            if (handler != null && check.tableExists()) {
                errors.addAll(handler.validate(config, check.columnTypes()));
            }
            if (!errors.isEmpty()) {
                throw invalid(errors);
            }
            return new ValidDataType(dataType, r.displayName(), r.provider(), r.handler(), config, r.tableName(),
                    r.timestampColumn(), "symbol".equals(scope) ? r.symbolColumn() : null, List.copyOf(keys), scope,
                    r.ttlSeconds(), refreshMode, r.scheduleIntervalSeconds(), r.priority() == null ? 0 : r.priority(), tier,
                    r.warnAfterSeconds(), r.errorAfterSeconds(), r.estimatedBytes() == null ? 0 : r.estimatedBytes(),
                    r.sourceTimestampColumn(), r.maxAttempts() == null ? 5 : r.maxAttempts(),
                    rolloutState);
        });
    }

    private HandlerConfigValidator handler(String name) {
        for (HandlerConfigValidator v : handlers) {
            if (v.handler().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private List<String> knownHandlers() {
        List<String> names = new ArrayList<>();
        handlers.forEach(h -> names.add(h.handler()));
        return names.stream().sorted().toList();
    }

    private static String required(List<String> errors, String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            errors.add(field + " must be one of " + allowed.stream().sorted().toList());
            return null;
        }
        return value;
    }

    private static void positive(List<String> errors, String field, Integer value) {
        if (value != null && value <= 0) {
            errors.add(field + " must be greater than 0");
        }
    }

    private static boolean identifier(List<String> errors, String field, String value, boolean required) {
        if (value == null && !required) {
            return true;
        }
        try {
            Identifiers.requireValid(field, value);
            return true;
        } catch (InvalidIdentifierException e) {
            errors.add(e.getMessage());
            return false;
        }
    }

    private static String printable(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private static ProblemException invalid(List<String> errors) {
        return ProblemException.badRequest("the data type is not valid", errors);
    }
}
