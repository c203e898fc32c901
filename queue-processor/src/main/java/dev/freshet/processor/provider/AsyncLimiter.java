package dev.freshet.processor.provider;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/** Bounds how many upstream calls of one provider run at once; waiters queue without blocking a thread. */
final class AsyncLimiter {

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private volatile int limit;
    private int running;

    AsyncLimiter(int limit) {
        this.limit = Math.max(1, limit);
    }

    void limit(int limit) {
        this.limit = Math.max(1, limit);
        drain();
    }

    <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().<Void>emitter(e -> enqueue(() -> e.complete(null)))
                .chain(x -> work.get())
                .onTermination().invoke(this::release);
    }

    private void enqueue(Runnable start) {
        synchronized (this) {
            waiting.add(start);
        }
        drain();
    }

    private void release() {
        synchronized (this) {
            running--;
        }
        drain();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (running >= limit || waiting.isEmpty()) {
                    return;
                }
                running++;
                next = waiting.poll();
            }
            next.run();
        }
    }

    synchronized int running() {
        return running;
    }
}
