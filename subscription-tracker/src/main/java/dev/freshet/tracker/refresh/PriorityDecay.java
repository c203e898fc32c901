package dev.freshet.tracker.refresh;

import dev.freshet.tracker.config.TrackerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the viewer boost of queued jobs decay as presence lapses: every interval, pending viewer jobs
 * are lowered to the viewers still live. The statement is idempotent, so every replica may run it.
 */
@ApplicationScoped
public class PriorityDecay {

    private static final Logger LOG = Logger.getLogger(PriorityDecay.class);

    private final RefreshRequests refreshes;
    private final TrackerConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public PriorityDecay(RefreshRequests refreshes, TrackerConfig config, Vertx vertx) {
        this.refreshes = refreshes;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.priorityDecayInterval().toMillis();
        if (every > 0) {
            timerId = vertx.setPeriodic(every, id -> run());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        refreshes.decay(null).subscribe().with(
                lowered -> {
                    running.set(false);
                    if (lowered > 0) {
                        LOG.debugf("lowered %d queued jobs whose viewers left", lowered);
                    }
                },
                failure -> {
                    running.set(false);
                    LOG.warnf("priority decay failed: %s", failure.getMessage());
                });
    }
}
