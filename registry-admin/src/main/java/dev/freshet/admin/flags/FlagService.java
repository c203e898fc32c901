package dev.freshet.admin.flags;

import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.admin.common.Json;
import dev.freshet.shared.flags.FeatureFlag;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@ApplicationScoped
public class FlagService {

    private static final Logger LOG = Logger.getLogger(FlagService.class);
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    private final Pool pool;

    private final ChangeMetrics metrics;

    public FlagService(Pool pool, ChangeMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
    }

    public Uni<List<FeatureFlag>> list() {
        return pool.query(FlagSql.LIST).execute().map(rows -> {
            List<FeatureFlag> out = new ArrayList<>();
            rows.forEach(r -> out.add(FeatureFlags.map(r)));
            return out;
        });
    }

    public Uni<FeatureFlag> get(String name) {
        return pool.preparedQuery(FlagSql.GET).execute(Tuple.of(name)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                throw ProblemException.notFound("flag '" + name + "' does not exist");
            }
            return FeatureFlags.map(it.next());
        });
    }

    public Uni<FeatureFlag> set(String name, FlagRequest request, String actor) {
        List<String> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add("the flag name must be lower-case letters, digits and underscores, starting with a letter, at most 63 characters");
        }
        if (request == null || request.enabled() == null) {
            errors.add("enabled (true or false) is required");
        }
        if (request != null && request.description() != null && request.description().length() > 500) {
            errors.add("description must be at most 500 characters");
        }
        Set<String> overridden = new HashSet<>();
        if (request != null && request.metadata() != null) {
            var metadata = request.metadata();
            if (!metadata.isObject()) {
                errors.add("metadata must be a JSON object");
            } else if (metadata.has("dataTypes")) {
                var perType = metadata.get("dataTypes");
                if (!perType.isObject()) {
                    errors.add("metadata.dataTypes must be an object of data type -> true/false");
                } else {
                    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = perType.fields(); it.hasNext(); ) {
                        var e = it.next();
                        if (!e.getValue().isBoolean()) {
                            errors.add("metadata.dataTypes." + e.getKey() + " must be true or false");
                        }
                        overridden.add(e.getKey());
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the flag change is not valid", errors));
        }
        return unknownDataTypes(overridden).flatMap(unknown -> {
            if (!unknown.isEmpty()) {
                throw ProblemException.badRequest("the flag change is not valid",
                        unknown.stream().sorted().map(d -> "metadata.dataTypes names unknown data type '" + d + "'").toList());
            }
            Tuple params = Tuple.from(Arrays.asList(name, request.enabled(), request.description(),
                    Json.object(request.metadata()), actor));
            return pool.preparedQuery(FlagSql.SET).execute(params).map(rows -> {
                FeatureFlag f = FeatureFlags.map(rows.iterator().next());
                LOG.infof("%s set flag %s to %s (metadata %s)", actor, name, f.enabled(), f.metadata().encode());
                metrics.changed("flag", "set");
                return f;
            });
        });
    }

    private Uni<Set<String>> unknownDataTypes(Set<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(FlagSql.KNOWN_DATA_TYPES).execute(Tuple.of(names.toArray(String[]::new))).map(rows -> {
            Set<String> unknown = new HashSet<>(names);
            rows.forEach(r -> unknown.remove(r.getString("data_type")));
            return unknown;
        });
    }
}
