package dev.freshet.processor;

import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.StatementTest;
import jakarta.inject.Inject;

/** What the processor's tests against the live application use: the registry, the enqueuer, and (from StatementTest) the pool and plain SQL. */
public abstract class ProcessorTestBase extends StatementTest {

    @Inject
    protected Registry registry;
    @Inject
    protected JobEnqueuer enqueuer;
}
