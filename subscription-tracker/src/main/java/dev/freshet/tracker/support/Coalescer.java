package dev.freshet.tracker.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers items submitted by concurrent requests for a short window and hands them to one batch
 * function, so many clients' requests cost one statement. The first item of a batch waits at most
 * the window; a full batch is flushed at once.
 *
 * @param <I> what one request submits
 * @param <O> what that request gets back; the batch function answers in submission order
 */
public final class Coalescer<I, O> {

    private final Vertx vertx;
    private final long windowMillis;
    private final int maxBatch;
    private final Function<List<I>, Uni<List<O>>> batch;
    private List<Pending<I, O>> pending = new ArrayList<>();
    private boolean timerArmed;

    public Coalescer(Vertx vertx, Duration window, int maxBatch, Function<List<I>, Uni<List<O>>> batch) {
        this.vertx = vertx;
        this.windowMillis = Math.max(1, window.toMillis());
        this.maxBatch = Math.max(1, maxBatch);
        this.batch = batch;
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> add(new Pending<>(item, emitter)));
    }

    private void add(Pending<I, O> p) {
        List<Pending<I, O>> full = null;
        synchronized (this) {
            pending.add(p);
            if (pending.size() >= maxBatch) {
                full = pending;
                pending = new ArrayList<>();
            } else if (!timerArmed) {
                timerArmed = true;
                vertx.setTimer(windowMillis, id -> flushWindow());
            }
        }
        if (full != null) {
            run(full);
        }
    }

    private void flushWindow() {
        List<Pending<I, O>> due;
        synchronized (this) {
            timerArmed = false;
            if (pending.isEmpty()) {
                return;
            }
            due = pending;
            pending = new ArrayList<>();
        }
        run(due);
    }

    private void run(List<Pending<I, O>> due) {
        List<I> items = new ArrayList<>(due.size());
        due.forEach(p -> items.add(p.item()));
        Uni<List<O>> result;
        try {
            result = batch.apply(items);
        } catch (RuntimeException e) {
            due.forEach(p -> p.emitter().fail(e));
            return;
        }
        result.subscribe().with(outs -> {
            for (int i = 0; i < due.size(); i++) {
                due.get(i).emitter().complete(i < outs.size() ? outs.get(i) : null);
            }
        }, failure -> due.forEach(p -> p.emitter().fail(failure)));
    }

    private record Pending<I, O>(I item, UniEmitter<? super O> emitter) {
    }
}
