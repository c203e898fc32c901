package dev.freshet.admin.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts the changes operators make, by entity and action ({@code freshet_admin_changes_total}). */
@ApplicationScoped
public class ChangeMetrics {

    private final MeterRegistry registry;

    public ChangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void changed(String entityType, String action) {
        Counter.builder("freshet_admin_changes")
                .description("Changes made through the admin API")
                .tag("entity", entityType).tag("action", action)
                .register(registry).increment();
    }
}
