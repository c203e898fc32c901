package dev.freshet.processor.run;

import dev.freshet.processor.circuit.ProviderGate;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.config.InstanceId;
import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.handler.Handlers;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.shared.lifecycle.StartupOrder;
import dev.freshet.shared.notify.Channels;
import dev.freshet.shared.notify.ConfigChanges;
import dev.freshet.shared.notify.PgNotifications;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import io.smallrye.mutiny.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claim loops of this instance. A loop claims when woken: by NOTIFY on enqueue (at once when the
 * loop is idle; otherwise debounced by a few milliseconds so a burst of enqueues costs one claim), by
 * a job of its own finishing (capacity freed), by a configuration change (flag flipped on), or by the
 * fallback poll. A claim that came
 * back full is followed by another at once, and so is one that left a provider to another claim
 * holding its budget (once: the holder's own loop goes on claiming for it); there is no sleeping in
 * the fast path.
 */
@ApplicationScoped
public class ProcessorLoops {

    private static final Logger LOG = Logger.getLogger(ProcessorLoops.class);

    private final ProcessorConfig config;
    private final JobClaimer claimer;
    private final JobRunner runner;
    private final FeatureFlags flags;
    private final Registry registry;
    private final Handlers handlers;
    private final ProviderGate gate;
    private final RunningJobs running;
    private final PgNotifications notifications;
    private final ConfigChanges changes;
    private final Vertx vertx;
    private final String instanceId;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private final Set<String> leftToOtherVersions = ConcurrentHashMap.newKeySet();
    /**
     * One claim at a time in this instance. A claim locks all its candidates before it ranks them and takes its batch,
     * so a second claim beside it, reading the same best candidates, found them all locked and took nothing: in a
     * drain of 50,000 jobs by two loops, 1,228 of 1,745 claims. A loop whose turn it is not claims as the running
     * claim ends.
     */
    private final AtomicBoolean claimTurn = new AtomicBoolean();
    private volatile boolean stopped;

    public ProcessorLoops(ProcessorConfig config, JobClaimer claimer, JobRunner runner, FeatureFlags flags, Registry registry,
                          Handlers handlers, ProviderGate gate, RunningJobs running, PgNotifications notifications,
                          ConfigChanges changes, Vertx vertx, InstanceId instanceId) {
        this.config = config;
        this.claimer = claimer;
        this.runner = runner;
        this.flags = flags;
        this.registry = registry;
        this.handlers = handlers;
        this.gate = gate;
        this.running = running;
        this.notifications = notifications;
        this.changes = changes;
        this.vertx = vertx;
        this.instanceId = instanceId.value();
    }

    /**
     * Once the registry, the flags and the providers' settings are read: a claim made before then planned its jobs
     * against an empty registry.
     */
    void onStart(@Observes @Priority(StartupOrder.ONCE_SETTINGS_ARE_READ) StartupEvent event) {
        if (!config.processor().enabled()) {
            LOG.info("claiming is disabled in this instance (freshet.processor.enabled=false)");
            return;
        }
        for (int i = 0; i < Math.max(1, config.processor().claimLoops()); i++) {
            loops.add(new Loop(i));
        }
        notifications.channel(Channels.JOBS).subscribe().with(x -> newWork());
        notifications.onResubscribe(Channels.JOBS, this::wakeAll);
        changes.of("feature_flags").subscribe().with(x -> vertx.setTimer(50, t -> wakeAll()));
        // a data type resumed from paused has jobs waiting: claim them without waiting for the poll
        changes.of("data_type_registry").subscribe().with(x -> vertx.setTimer(50, t -> wakeAll()));
        // the poll looks for work as a notification would announce it: on an idle processor one loop claims, not every
        // loop every second (two claims a second that find nothing, the claims counter showed)
        timers.add(vertx.setPeriodic(config.processor().pollInterval().toMillis(), t -> newWork()));
        timers.add(vertx.setPeriodic(config.processor().leaseRenewEvery().toMillis(), t -> renewLeases()));
        LOG.infof("processor %s started %d claim loop(s), batch %d", instanceId, loops.size(), config.processor().batchSize());
        wakeAll();
    }

    public void wakeAll() {
        loops.forEach(Loop::wake);
    }

    /**
     * Work was queued. One idle loop claims at once; the others are not woken with it: an enqueue is usually a few
     * jobs, and a second claim beside the first would find nothing while competing with it for the database (on an
     * idle processor both loops claimed every enqueue, the second one's claim running beside the first one's).
     * Should the first claim come back full, it wakes them all. With no loop idle, every loop is woken, debounced.
     */
    private void newWork() {
        for (Loop loop : loops) {
            if (loop.claimAtOnceIfIdle()) {
                return;
            }
        }
        wakeAll();
    }

    /**
     * Data types the claim must leave alone now: switched off by flag, off or paused by their rollout state, or
     * naming a handler this build does not have (a newer processor's, during a rolling upgrade: its instances run them).
     */
    List<String> skippedDataTypes() {
        List<String> skip = new ArrayList<>();
        for (DataType dt : registry.all()) {
            if (!dt.enabled() || !flags.enabled(Flags.USE_QUEUE_SYSTEM, dt.dataType()) || !runnableHere(dt)) {
                skip.add(dt.dataType());
            }
        }
        return skip;
    }

    private boolean runnableHere(DataType dt) {
        if (handlers.find(dt.handler()).isPresent()) {
            return true;
        }
        if (leftToOtherVersions.add(dt.dataType() + "/" + dt.handler())) {
            LOG.warnf("data type %s names handler %s, which this processor does not have: its jobs are left to instances that do",
                    dt.dataType(), dt.handler());
        }
        return false;
    }

    /** With the flag off everywhere the claim statement is not even run. */
    private boolean queueSystemOnAnywhere() {
        if (flags.enabled(Flags.USE_QUEUE_SYSTEM)) {
            return true;
        }
        return registry.all().stream().anyMatch(dt -> flags.enabled(Flags.USE_QUEUE_SYSTEM, dt.dataType()));
    }

    private void endClaimTurn() {
        claimTurn.set(false);
        for (Loop loop : loops) {
            if (loop.waitingForTurn.getAndSet(false)) {
                loop.wake();
            }
        }
    }

    private void renewLeases() {
        List<Long> ids = new ArrayList<>(running.ids());
        claimer.renew(instanceId, ids, config.processor().lease()).subscribe().with(
                n -> LOG.debugf("renewed %d of %d leases", (Object) n, (Object) ids.size()),
                e -> LOG.warnf("lease renewal failed: %s", e.getMessage()));
    }

    private final class Loop {
        private final int index;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean claiming = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private final AtomicBoolean retriedBusy = new AtomicBoolean();
        private final AtomicBoolean waitingForTurn = new AtomicBoolean();
        private final AtomicInteger inFlight = new AtomicInteger();

        Loop(int index) {
            this.index = index;
        }

        void wake() {
            if (stopped) {
                return;
            }
            if (scheduled.compareAndSet(false, true)) {
                long debounce = Math.max(1, config.processor().debounce().toMillis());
                vertx.setTimer(debounce, t -> {
                    scheduled.set(false);
                    claim();
                });
            }
        }

        /**
         * A loop that holds nothing and is not claiming has no other wake-up to merge new work with: it claims at once
         * (the debounce was most of an idle enqueue's wait for its claim). False when the loop is busy.
         */
        boolean claimAtOnceIfIdle() {
            if (!stopped && inFlight.get() == 0 && !claiming.get() && scheduled.compareAndSet(false, true)) {
                vertx.runOnContext(() -> {
                    scheduled.set(false);
                    claim();
                });
                return true;
            }
            return false;
        }

        private void claim() {
            if (stopped) {
                return;
            }
            if (!claiming.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            if (!claimTurn.compareAndSet(false, true)) {
                claiming.set(false);
                waitingForTurn.set(true);
                // the running claim may have ended between the two lines without seeing this loop wait
                if (!claimTurn.get() && waitingForTurn.getAndSet(false)) {
                    wake();
                }
                return;
            }
            again.set(false);
            int room = Math.min(config.processor().batchSize(), config.processor().maxInFlight() - inFlight.get());
            // a global switch-off skips the statement; per-data-type switch-offs are filtered inside it
            if (room <= 0 || !queueSystemOnAnywhere()) {
                claimEnded();
                return;
            }
            // a claim not answered in time frees the loop; if it commits after all, its jobs go straight
            // back (attempt and reservation returned) instead of waiting in 'processing' for lease recovery
            AtomicBoolean settled = new AtomicBoolean();
            long timer = vertx.setTimer(Math.max(1, config.processor().claimTimeout().toMillis()), t -> {
                if (settled.compareAndSet(false, true)) {
                    claimEnded();
                    LOG.warnf("claim not answered within %s (loop %d); given up", config.processor().claimTimeout(), index);
                }
            });
            claimer.claim(instanceId, room, config.processor().lease(), gate.closedProviders(), skippedDataTypes())
                    .subscribe().with(round -> {
                        vertx.cancelTimer(timer);
                        List<ClaimedJob> jobs = round.jobs();
                        if (!settled.compareAndSet(false, true)) {
                            releaseLate(jobs);
                            return;
                        }
                        claimEnded();
                        start(jobs);
                        // a provider another claim held may have due work left once that claim is done: one more
                        // claim at once, but not a chain of them (two loops skipping each other's providers would spin)
                        boolean busyLeft = jobs.size() < room && !round.busyProviders().isEmpty() && !retriedBusy.get();
                        retriedBusy.set(busyLeft);
                        if (jobs.size() >= room) {
                            // more is queued than one claim takes: every loop claims
                            wakeAll();
                        } else if (again.get() || busyLeft) {
                            wake();
                        }
                    }, e -> {
                        vertx.cancelTimer(timer);
                        if (settled.compareAndSet(false, true)) {
                            claimEnded();
                            LOG.warnf("claim failed (loop %d): %s", index, e.getMessage());
                        }
                    });
        }

        /** This loop's claim is over, whichever way: the loop may claim again, and so may the loops waiting for their turn. */
        private void claimEnded() {
            claiming.set(false);
            endClaimTurn();
        }

        private void releaseLate(List<ClaimedJob> jobs) {
            if (jobs.isEmpty()) {
                return;
            }
            LOG.infof("a claim of %d job(s) committed after its timeout (loop %d); giving them back", jobs.size(), index);
            runner.releaseUnstarted(jobs, "claim answered after its timeout").subscribe().with(
                    x -> wake(), e -> LOG.warnf("giving back late-claimed jobs failed, their leases will return them: %s", e.getMessage()));
        }

        private void start(List<ClaimedJob> jobs) {
            if (jobs.isEmpty()) {
                return;
            }
            inFlight.addAndGet(jobs.size());
            runner.run(jobs).ifNoItem().after(config.processor().runTimeout()).fail().subscribe().with(x -> {
                inFlight.addAndGet(-jobs.size());
                wake();
            }, e -> {
                inFlight.addAndGet(-jobs.size());
                if (e instanceof TimeoutException) {
                    LOG.warnf("a batch of %d job(s) ran longer than %s and was given up; their leases will return them",
                            jobs.size(), config.processor().runTimeout());
                }
                wake();
            });
        }

        int inFlight() {
            return inFlight.get();
        }
    }

    /** Stops claiming, lets running jobs finish within the grace period, then releases what is left. */
    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        timers.forEach(vertx::cancelTimer);
        if (loops.isEmpty()) {
            return;
        }
        gate.pause();
        long deadline = System.nanoTime() + config.processor().shutdownGrace().toNanos();
        while (loops.stream().anyMatch(l -> l.inFlight() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = running.ids().size();
        if (left > 0) {
            LOG.infof("shutdown grace over with %d job(s) still running; releasing them", left);
            runner.releaseAll(Duration.ofSeconds(5));
        } else {
            LOG.info("all in-flight jobs finished before shutdown");
        }
    }
}
