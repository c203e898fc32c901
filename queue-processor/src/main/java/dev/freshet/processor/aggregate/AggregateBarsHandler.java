package dev.freshet.processor.aggregate;

import dev.freshet.shared.handler.AggregateBarsConfigValidator;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.handler.RefreshRequest;
import dev.freshet.shared.handler.SymbolOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The place where bar aggregation plugs in: its work is set-based SQL, so it will answer with
 * {@link SymbolOutcome.SqlWrite} run inside the completing transaction. Until it ships, its jobs
 * fail permanently with a clear error rather than looping.
 */
@ApplicationScoped
public class AggregateBarsHandler implements RefreshHandler {

    @Override
    public String name() {
        return AggregateBarsConfigValidator.HANDLER;
    }

    @Override
    public Uni<List<SymbolOutcome>> refresh(RefreshRequest request) {
        return Uni.createFrom().item(request.symbols().stream()
                .<SymbolOutcome>map(s -> new SymbolOutcome.Failed(s, FailureKind.PERMANENT,
                        "the aggregate-bars handler is not implemented in this version", null, 0, null))
                .toList());
    }
}
