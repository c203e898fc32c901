package dev.freshet.processor;

import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.TestSql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** What the processor's tests against the live application use: the registry, the enqueuer, the pool and plain SQL. */
public abstract class ProcessorTestBase {

    @Inject
    protected Registry registry;
    @Inject
    protected JobEnqueuer enqueuer;
    @Inject
    protected Pool pool;

    protected final TestSql sql = TestSql.current();
}
