package dev.freshet.admin.security;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordWorkTest {

    @Test
    void hashingBeyondItsThreadsAndQueueIsRefusedAtOnceInsteadOfTakingMoreThreads() throws Exception {
        PasswordWork work = new PasswordWork(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try {
            Uni<String> running = work.run(() -> {
                started.countDown();
                await(release);
                return "first";
            }).memoize().indefinitely();
            running.subscribe().with(x -> { });
            started.await();
            Uni<String> queued = work.run(() -> "second").memoize().indefinitely();
            queued.subscribe().with(x -> { });

            assertThatThrownBy(() -> work.run(() -> "third").await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOf(PasswordWork.Busy.class);

            release.countDown();
            assertThat(running.await().atMost(Duration.ofSeconds(5))).isEqualTo("first");
            assertThat(queued.await().atMost(Duration.ofSeconds(5))).isEqualTo("second");
            assertThat(work.run(() -> PasswordHasher.verify("pw", PasswordHasher.hash("pw"))).await().atMost(Duration.ofSeconds(30))).isTrue();
        } finally {
            release.countDown();
            work.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
