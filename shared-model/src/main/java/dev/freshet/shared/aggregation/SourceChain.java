package dev.freshet.shared.aggregation;

import dev.freshet.shared.handler.AggregateBarsConfigValidator;
import dev.freshet.shared.registry.DataType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a derived bar timeframe is built from: its {@code aggregate-bars} data type, the derived
 * timeframes below it, and at the bottom the fetched data type of the 1-minute bars (the root, the
 * one writing {@code data_bars}). Looking at any link looks at the whole chain: a visit queues the
 * root's fetch and the aggregation carries the new bars up. Resolved the way the database's
 * {@code agg_source_timeframe} resolves a source (enabled rows first, then by name), so both agree.
 *
 * @param links the derived data types from the viewed one down to the one built from 1-minute bars
 * @param root  the data type whose fetch feeds the chain
 */
public record SourceChain(List<DataType> links, DataType root) {

    /** The timeframe of {@code data_bars}, the chain's bottom. */
    public static final String ONE_MINUTE = "1m";
    static final String BARS_TABLE = "data_bars";

    private static final Comparator<DataType> ENABLED_FIRST =
            Comparator.comparing((DataType d) -> !d.enabled()).thenComparing(DataType::dataType);

    public static boolean derived(DataType dt) {
        return AggregateBarsConfigValidator.HANDLER.equals(dt.handler());
    }

    public static String timeframe(DataType dt) {
        return dt.handlerConfig() == null ? null : dt.handlerConfig().getString("timeframe");
    }

    /** The chain of a derived data type; empty for any other, or when a link is missing from the registry. */
    public static Optional<SourceChain> of(DataType dt, Collection<DataType> registry) {
        if (!derived(dt)) {
            return Optional.empty();
        }
        List<DataType> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        DataType at = dt;
        while (at != null && seen.add(at.dataType())) {
            links.add(at);
            String source = at.handlerConfig().getString("source", ONE_MINUTE);
            if (ONE_MINUTE.equals(source)) {
                return registry.stream()
                        .filter(d -> !derived(d) && BARS_TABLE.equals(d.tableName()))
                        .min(ENABLED_FIRST)
                        .map(root -> new SourceChain(List.copyOf(links), root));
            }
            at = registry.stream()
                    .filter(d -> derived(d) && source.equals(timeframe(d)))
                    .min(ENABLED_FIRST)
                    .orElse(null);
        }
        return Optional.empty();
    }

    /** A viewer may look at the chain: every link enabled and the root refreshed on demand. */
    public boolean viewable() {
        return root.acceptsViewers() && links.stream().allMatch(DataType::enabled);
    }
}
