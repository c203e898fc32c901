package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs PBKDF2 on a few threads of its own with a short queue: password guesses cost CPU, and on the
 * shared worker pool a flood of them would starve every other request. When the queue is full the
 * work is refused at once ({@link Busy}) instead of waiting.
 */
@ApplicationScoped
public class PasswordWork {

    /** The hashing queue is full. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("password checks are busy", null, false, false);
        }
    }

    private final ThreadPoolExecutor executor;

    @Inject
    public PasswordWork(AdminConfig config) {
        this(config.security().hashingThreads(), config.security().hashingQueue());
    }

    PasswordWork(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "freshet-password-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().completionStage(() -> {
            try {
                return CompletableFuture.supplyAsync(work, executor);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new Busy());
            }
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
