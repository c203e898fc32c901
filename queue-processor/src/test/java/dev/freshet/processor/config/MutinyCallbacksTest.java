package dev.freshet.processor.config;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running processor builds its Mutiny pipelines without context-propagation wrappers (the default of
 * {@code freshet.processor.mutiny-context-propagation}); tracing and the breaker work without them
 * ({@code JobTracingTest}, {@code FailureHandlingTest}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class MutinyCallbacksTest {

    @Test
    void mutinyCallbacksRunAsTheyWereGivenWithoutAWrapper() {
        Function<Integer, Integer> twice = x -> x * 2;

        assertThat(Infrastructure.decorate(twice)).isSameAs(twice);
        assertThat(Uni.createFrom().item(21).map(twice).await().indefinitely()).isEqualTo(42);
    }
}
