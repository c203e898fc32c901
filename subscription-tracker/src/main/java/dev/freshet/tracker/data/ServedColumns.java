package dev.freshet.tracker.data;

import dev.freshet.shared.handler.HandlerConfigValidator;
import dev.freshet.shared.registry.DataType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a target row the public may read: the registry's keys, symbol and timestamps, and
 * what the data type's handler writes. Anything else an operator keeps in the table stays private.
 */
@ApplicationScoped
public class ServedColumns {

    private final Instance<HandlerConfigValidator> handlers;

    public ServedColumns(Instance<HandlerConfigValidator> handlers) {
        this.handlers = handlers;
    }

    public List<String> of(DataType dt) {
        Set<String> columns = new LinkedHashSet<>(dt.keyColumns());
        if (dt.symbolColumn() != null) {
            columns.add(dt.symbolColumn());
        }
        columns.add(dt.timestampColumn());
        if (dt.sourceTimestampColumn() != null) {
            columns.add(dt.sourceTimestampColumn());
        }
        for (HandlerConfigValidator h : handlers) {
            if (h.handler().equals(dt.handler())) {
                h.writtenColumns(dt.handlerConfig()).stream().sorted().forEach(columns::add);
            }
        }
        return List.copyOf(columns);
    }
}
