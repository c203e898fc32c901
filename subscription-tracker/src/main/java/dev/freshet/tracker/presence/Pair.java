package dev.freshet.tracker.presence;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Scope;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** One thing a client looks at: a data type for a symbol ({@code *} for a global data type). */
public record Pair(String dataType, String symbol) {

    /** Every pair of the given data types and symbols; a global data type is one pair with {@code *}. */
    public static List<Pair> of(List<DataType> types, List<String> symbols) {
        LinkedHashSet<Pair> out = new LinkedHashSet<>();
        for (DataType dt : types) {
            if (dt.global()) {
                out.add(new Pair(dt.dataType(), Scope.GLOBAL_SYMBOL));
            } else {
                symbols.forEach(s -> out.add(new Pair(dt.dataType(), s)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Asks one question per data type about its symbols (the questions run together) and gathers
     * the answers per pair: how every set-based statement of the tracker is applied to many pairs.
     */
    public static <T> Uni<Map<Pair, T>> perDataType(List<Pair> pairs,
                                                    BiFunction<String, List<String>, Uni<Map<String, T>>> question) {
        Map<String, List<String>> symbolsByType = new LinkedHashMap<>();
        pairs.forEach(p -> symbolsByType.computeIfAbsent(p.dataType(), k -> new ArrayList<>()).add(p.symbol()));
        if (symbolsByType.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map<Pair, T>>> answers = new ArrayList<>();
        symbolsByType.forEach((type, symbols) -> answers.add(question.apply(type, symbols).map(found -> {
            Map<Pair, T> out = new HashMap<>();
            found.forEach((s, answer) -> out.put(new Pair(type, s), answer));
            return out;
        })));
        return Uni.join().all(answers).andFailFast().map(parts -> {
            Map<Pair, T> all = new HashMap<>();
            parts.forEach(all::putAll);
            return all;
        });
    }
}
