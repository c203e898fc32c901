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
import java.util.Optional;
import java.util.Set;

/**
 * Checks registry identifiers against the catalog: the table must exist in the current schema, must
 * not be one of Freshet's own tables (nor a partition of one), every named column must exist with a
 * type the role of that column can use, and the key columns must be exactly the columns of a unique
 * index, as {@code insert … on conflict (keys)} requires (otherwise every write of the data type
 * fails with SQLSTATE 42P10).
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

    /**
     * The key columns of each unique index an {@code on conflict} can infer: valid, not deferrable,
     * not partial, no expressions (INCLUDE columns are not part of the key). $1 table.
     */
    static final String UNIQUE_KEYS_OF_TABLE = """
            select array_agg(a.attname::text order by k.ord) as key_columns
            from pg_index i
            join pg_class c on c.oid = i.indrelid
            join pg_namespace n on n.oid = c.relnamespace
            cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
            join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
            where n.nspname = current_schema()
              and c.relname = $1
              and i.indisunique and i.indisvalid and i.indimmediate
              and i.indpred is null and i.indexprs is null
              and k.ord <= i.indnkeyatts
            group by i.indexrelid
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
        return check(table, expectedTypes, List.of());
    }

    /**
     * @param expectedTypes column name to the set of acceptable types (empty set: any type)
     * @param keyColumns    columns rows are upserted on, which a unique index must cover exactly (in
     *                      any order); empty to skip that check
     */
    public Uni<CatalogCheck> check(String table, Map<String, Set<String>> expectedTypes, List<String> keyColumns) {
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
        }).flatMap(check -> !check.tableExists() || keyColumns.isEmpty()
                || !check.columnTypes().keySet().containsAll(keyColumns) ? Uni.createFrom().item(check)
                : uniqueKeyProblem(table, keyColumns).map(problem -> {
                    problem.ifPresent(check.problems()::add);
                    return check;
                }));
    }

    private Uni<Optional<String>> uniqueKeyProblem(String table, List<String> keyColumns) {
        return pool.preparedQuery(UNIQUE_KEYS_OF_TABLE).execute(Tuple.of(table)).map(rows -> {
            List<String> keys = new ArrayList<>();
            for (Row r : rows) {
                List<String> columns = List.of(r.getArrayOfStrings("key_columns"));
                if (Set.copyOf(columns).equals(Set.copyOf(keyColumns))) {
                    return Optional.<String>empty();
                }
                keys.add("(" + String.join(", ", columns) + ")");
            }
            return Optional.of("keyColumns (" + String.join(", ", keyColumns) + ") are not the columns of a unique index"
                    + " or primary key of table '" + table + "', so no row of this data type could be written (upserts need one); "
                    + (keys.isEmpty() ? "the table has no unique index" : "its unique keys are " + String.join(", ", keys.stream().sorted().toList())));
        });
    }
}
