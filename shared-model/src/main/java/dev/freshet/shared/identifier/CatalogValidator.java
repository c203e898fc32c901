package dev.freshet.shared.identifier;

import dev.freshet.shared.schema.InternalTables;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks registry identifiers against the catalog: the table must exist in the current schema, must
 * not be one of Freshet's own tables (nor a partition of one), and every named column must exist with
 * a type the role of that column can use.
 */
@ApplicationScoped
public class CatalogValidator {

    static final String COLUMNS_OF_TABLE = """
            select a.attname as column_name, format_type(a.atttypid, a.atttypmod) as column_type,
                   (select r.relname from pg_class r where r.oid = pg_partition_root(c.oid)) as root_table
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema()
              and c.relname = $1
              and c.relkind in ('r', 'p', 'u')
              and a.attnum > 0 and not a.attisdropped
            """;

    public static final Set<String> TIMESTAMP_TYPES = Set.of("timestamp with time zone", "timestamp without time zone");
    public static final Set<String> TEXT_TYPES = Set.of("text", "character varying");

    private final Pool pool;

    public CatalogValidator(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param expectedTypes column name to the set of acceptable types (empty set: any type)
     */
    public Uni<CatalogCheck> check(String table, Map<String, Set<String>> expectedTypes) {
        List<String> problems = new ArrayList<>();
        try {
            Identifiers.requireValid("table name", table);
            expectedTypes.keySet().forEach(c -> Identifiers.requireValid("column name", c));
        } catch (InvalidIdentifierException e) {
            return Uni.createFrom().item(new CatalogCheck(table, false, Map.of(), List.of(e.getMessage())));
        }
        return pool.preparedQuery(COLUMNS_OF_TABLE).execute(Tuple.of(table)).map(rows -> {
            Map<String, String> types = new LinkedHashMap<>();
            String root = table;
            for (Row r : rows) {
                types.put(r.getString("column_name"), r.getString("column_type"));
                root = r.getString("root_table");
            }
            if (types.isEmpty()) {
                problems.add("table '" + table + "' does not exist");
                return new CatalogCheck(table, false, types, problems);
            }
            if (InternalTables.contains(table) || InternalTables.contains(root)) {
                problems.add("table '" + table + "' belongs to Freshet; a data type may only target the operator's own tables");
                return new CatalogCheck(table, false, Map.of(), problems);
            }
            expectedTypes.forEach((column, accepted) -> {
                String actual = types.get(column);
                if (actual == null) {
                    problems.add("column '" + column + "' does not exist in table '" + table + "'");
                } else if (!accepted.isEmpty() && !accepted.contains(actual)) {
                    problems.add("column '" + column + "' of table '" + table + "' has type " + actual
                            + ", expected one of " + accepted);
                }
            });
            return new CatalogCheck(table, true, types, problems);
        });
    }
}
