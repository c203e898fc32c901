package dev.freshet.admin.common;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list; pass {@code nextCursor} back as {@code cursor} for the next
 * page. A null cursor means this is the last page.
 */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {

    public static <T> Page<T> of(List<T> items, int limit, Function<T, Object> cursorOf) {
        String next = items.size() < limit || items.isEmpty() ? null : String.valueOf(cursorOf.apply(items.get(items.size() - 1)));
        return new Page<>(List.copyOf(items), next);
    }
}
