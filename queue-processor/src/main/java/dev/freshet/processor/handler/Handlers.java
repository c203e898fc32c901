package dev.freshet.processor.handler;

import dev.freshet.shared.handler.RefreshHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The handlers found through CDI, by registry handler name. */
@ApplicationScoped
public class Handlers {

    private final Map<String, RefreshHandler> byName = new HashMap<>();

    public Handlers(Instance<RefreshHandler> handlers) {
        for (RefreshHandler h : handlers) {
            RefreshHandler previous = byName.put(h.name(), h);
            if (previous != null) {
                throw new IllegalStateException("two handlers named " + h.name() + ": " + previous.getClass() + " and " + h.getClass());
            }
        }
    }

    public Optional<RefreshHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
