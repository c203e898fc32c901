package dev.freshet.processor.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Turns off Mutiny's callback decoration (unless {@code freshet.processor.mutiny-context-propagation}),
 * before the claim loops start. Every Mutiny operator's callback was wrapped to capture and restore
 * MicroProfile context; with the JTA provider among them (present for Flyway's JDBC data source) that
 * is the library's slow path, on every step of every job. Nothing here needs it: spans are given their
 * parent explicitly ({@code tracing.JobSpans}), OpenTelemetry's current context lives on the Vert.x
 * context, the breaker (SmallRye Fault Tolerance's {@code Guard} on a {@code Uni}) never changes thread,
 * and no pipeline uses the CDI request scope or a JTA transaction.
 */
@ApplicationScoped
public class MutinyCallbacks {

    private static final Logger LOG = Logger.getLogger(MutinyCallbacks.class);

    void onStart(@Observes @Priority(10) StartupEvent event, ProcessorConfig config) {
        if (config.processor().mutinyContextPropagation()) {
            return;
        }
        // also clears Uni/Multi interceptors: Mutiny's only one here is this context propagation
        Infrastructure.clearInterceptors();
        LOG.debug("Mutiny callback decoration (context propagation) turned off");
    }
}
